package dev.logtally.sandbox.scf;

import java.io.OutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

import dev.logtally.sandbox.scf.ScfDataset.StoredLog;
import dev.logtally.sandbox.tencent.ApiError;

/**
 * Writes API 3.0 response bodies with Jackson's streaming generator. Pages may carry several megabyte-sized
 * {@code Log} fields, so entries are materialised and written one at a time instead of building a tree.
 */
final class ResponseJson {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.build();

	private static final String WIRE_TIME = "yyyy-MM-dd HH:mm:ss";

	private final DateTimeFormatter startTime;

	ResponseJson(ZoneId zone) {
		this.startTime = DateTimeFormatter.ofPattern(WIRE_TIME).withZone(zone);
	}

	void writeError(OutputStream out, ApiError error, String requestId) {
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			json.writeObjectPropertyStart("Response");
			json.writeObjectPropertyStart("Error");
			json.writeStringProperty("Code", error.code());
			json.writeStringProperty("Message", error.errorMessage());
			json.writeEndObject();
			json.writeStringProperty("RequestId", requestId);
			json.writeEndObject();
			json.writeEndObject();
		}
	}

	void writePage(OutputStream out, long totalCount, List<StoredLog> page, String requestId) {
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			json.writeObjectPropertyStart("Response");
			json.writeNumberProperty("TotalCount", totalCount);
			json.writeArrayPropertyStart("Data");
			for (StoredLog stored : page) {
				writeLog(json, stored.entry());
			}
			json.writeEndArray();
			// documented as offline; the API still returns it empty
			json.writeObjectPropertyStart("SearchContext");
			json.writeStringProperty("Offset", "");
			json.writeNumberProperty("Limit", 0);
			json.writeStringProperty("Keyword", "");
			json.writeStringProperty("Type", "");
			json.writeEndObject();
			json.writeStringProperty("RequestId", requestId);
			json.writeEndObject();
			json.writeEndObject();
		}
	}

	private void writeLog(JsonGenerator json, ScfLogEntry log) {
		json.writeStartObject();
		json.writeStringProperty("FunctionName", log.functionName());
		json.writeStringProperty("RetMsg", log.retMsg());
		json.writeStringProperty("RequestId", log.requestId());
		json.writeStringProperty("StartTime", this.startTime.format(log.startTime()));
		json.writeNumberProperty("RetCode", log.retCode());
		json.writeNumberProperty("InvokeFinished", log.invokeFinished());
		json.writeName("Duration");
		// the exact number text, so clients can be checked for not routing it through a binary float
		json.writeNumber(log.duration());
		json.writeNumberProperty("BillDuration", log.billDuration());
		json.writeNumberProperty("MemUsage", log.memUsage());
		json.writeStringProperty("Log", log.log());
		json.writeStringProperty("Level", log.level());
		json.writeStringProperty("Source", log.source());
		json.writeNumberProperty("RetryNum", log.retryNum());
		json.writeEndObject();
	}

}
