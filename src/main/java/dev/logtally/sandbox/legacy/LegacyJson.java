package dev.logtally.sandbox.legacy;

import java.io.OutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

import dev.logtally.sandbox.scf.ScfDataset.StoredLog;
import dev.logtally.sandbox.scf.ScfLogEntry;

/**
 * Writes legacy response bodies with Jackson's streaming generator. Pages may carry several megabyte-sized
 * {@code log} fields, so entries are materialised and written one at a time instead of building a tree.
 *
 * <p>{@code code} is a JSON number, as the SCF pages show it, or a string ({@code "0"}) as the generic legacy pages
 * show it; clients have to accept both.
 */
final class LegacyJson {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.build();

	private final DateTimeFormatter startTime;

	private final boolean stringCodes;

	LegacyJson(ZoneId zone, boolean stringCodes) {
		this.startTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
		this.stringCodes = stringCodes;
	}

	void writeError(OutputStream out, LegacyError error) {
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			writeCode(json, error.code());
			json.writeStringProperty("message", error.errorMessage());
			json.writeStringProperty("codeDesc", error.codeDesc());
			json.writeEndObject();
		}
	}

	void writePage(OutputStream out, long total, List<StoredLog> page) {
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			writeCode(json, 0);
			json.writeStringProperty("message", "");
			json.writeStringProperty("codeDesc", "Success");
			json.writeNumberProperty("total", total);
			json.writeArrayPropertyStart("data");
			for (StoredLog stored : page) {
				writeLog(json, stored.entry());
			}
			json.writeEndArray();
			json.writeEndObject();
		}
	}

	private void writeCode(JsonGenerator json, int code) {
		if (this.stringCodes) {
			json.writeStringProperty("code", Integer.toString(code));
		}
		else {
			json.writeNumberProperty("code", code);
		}
	}

	private void writeLog(JsonGenerator json, ScfLogEntry log) {
		json.writeStartObject();
		json.writeStringProperty("functionName", log.functionName());
		json.writeStringProperty("retMsg", log.retMsg());
		json.writeStringProperty("requestId", log.requestId());
		json.writeStringProperty("startTime", this.startTime.format(log.startTime()));
		json.writeNumberProperty("retCode", log.retCode());
		json.writeNumberProperty("invokeFinished", log.invokeFinished());
		json.writeName("duration");
		// the exact number text, so clients can be checked for not routing it through a binary float
		json.writeNumber(log.duration());
		json.writeNumberProperty("billDuration", log.billDuration());
		json.writeNumberProperty("memUsage", log.memUsage());
		json.writeStringProperty("log", log.log());
		json.writeStringProperty("level", log.level());
		json.writeStringProperty("source", log.source());
		json.writeNumberProperty("retryNum", log.retryNum());
		json.writeEndObject();
	}

}
