package dev.logtally.sandbox.rds;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/** Writes the RDS emulator's response bodies with Jackson's streaming generator. */
final class RdsJson {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.build();

	private RdsJson() {
	}

	/** {@code {"error_code","error_msg"}}, plus {@code request_id} for gateway errors. */
	static byte[] error(RdsError error, String requestId) {
		return write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("error_code", error.code());
			json.writeStringProperty("error_msg", error.errorMessage());
			if (error.gatewayError()) {
				json.writeStringProperty("request_id", requestId);
			}
			json.writeEndObject();
		});
	}

	/**
	 * {@code {"auditlogs":[{"id","name","size","begin_time","end_time"}],"total_record":N}}, times as
	 * {@code yyyy-MM-ddTHH:mm:ss+hhmm} in {@code zone}, {@code size} a plain decimal number of KB.
	 */
	static byte[] auditlogs(List<AuditFile> page, int totalRecord, ZoneOffset zone) {
		DateTimeFormatter time = AuditlogQuery.TIME.withZone(zone);
		return write((json) -> {
			json.writeStartObject();
			json.writeArrayPropertyStart("auditlogs");
			for (AuditFile file : page) {
				json.writeStartObject();
				json.writeStringProperty("id", file.id());
				json.writeStringProperty("name", file.name());
				json.writeName("size");
				// plain, never 1.0E7: clients that parse size as a decimal string must not meet an exponent
				json.writeNumber(BigDecimal.valueOf(file.sizeKb()).stripTrailingZeros().toPlainString());
				json.writeStringProperty("begin_time", time.format(file.begin()));
				json.writeStringProperty("end_time", time.format(file.end()));
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeNumberProperty("total_record", totalRecord);
			json.writeEndObject();
		});
	}

	/** {@code {"links":[...]}}, in the order of the ids asked for. */
	static byte[] links(List<String> links) {
		return write((json) -> {
			json.writeStartObject();
			json.writeArrayPropertyStart("links");
			for (String link : links) {
				json.writeString(link);
			}
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	/** An OBS error document. */
	static byte[] obsError(String code, String message, String requestId, String resource) {
		return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
				+ "</Message><RequestId>" + requestId + "</RequestId><HostId>obs.sandbox.127.0.0.1</HostId>"
				+ "<Resource>" + xmlText(resource) + "</Resource></Error>")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String xmlText(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static byte[] write(Consumer<JsonGenerator> body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			body.accept(json);
		}
		return out.toByteArray();
	}

}
