package dev.logtally.sandbox.legacy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfLogEntry;

/**
 * Test-only: a legacy {@code GetFunctionLogs} response body read with a streaming parser, so {@code duration} keeps its
 * exact number text and {@code code} its JSON type. Entries get namespace {@code default} and qualifier
 * {@code $LATEST}, which are not on the wire.
 * @param code {@code code} as text, whether it came as a number or a string
 * @param codeIsString whether {@code code} was a JSON string
 * @param message {@code message}
 * @param codeDesc {@code codeDesc}
 * @param total {@code total}, or -1 if absent
 * @param logs {@code data}
 * @param names the top-level property names in wire order
 * @param fieldOrder the property names of the first {@code data} element, in wire order
 */
record LegacyReply(String code, boolean codeIsString, String message, String codeDesc, long total,
		List<ScfLogEntry> logs, List<String> names, List<String> fieldOrder) {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final ZoneId BEIJING = ZoneId.of("+08:00");

	boolean ok() {
		return "0".equals(this.code);
	}

	static LegacyReply parse(String body) {
		String code = null;
		boolean codeIsString = false;
		String message = null;
		String codeDesc = null;
		long total = -1;
		List<ScfLogEntry> logs = new ArrayList<>();
		List<String> names = new ArrayList<>();
		List<String> fieldOrder = new ArrayList<>();
		try (JsonParser json = JSON.createParser(body)) {
			expect(json.nextToken(), JsonToken.START_OBJECT);
			String name;
			while ((name = json.nextName()) != null) {
				names.add(name);
				JsonToken value = json.nextToken();
				switch (name) {
					case "code" -> {
						codeIsString = value == JsonToken.VALUE_STRING;
						code = json.getString();
					}
					case "message" -> message = json.getString();
					case "codeDesc" -> codeDesc = json.getString();
					case "total" -> total = json.getLongValue();
					case "data" -> {
						expect(value, JsonToken.START_ARRAY);
						while (json.nextToken() == JsonToken.START_OBJECT) {
							logs.add(entry(scalars(json, fieldOrder.isEmpty() ? fieldOrder : null)));
						}
					}
					default -> json.skipChildren();
				}
			}
			if (json.nextToken() != null) {
				throw new AssertionError("trailing content: " + body);
			}
		}
		return new LegacyReply(code, codeIsString, message, codeDesc, total, List.copyOf(logs), List.copyOf(names),
				List.copyOf(fieldOrder));
	}

	/** An object of scalars as text, in the parser's position just after START_OBJECT. */
	private static Map<String, String> scalars(JsonParser json, List<String> order) {
		Map<String, String> values = new HashMap<>();
		String name;
		while ((name = json.nextName()) != null) {
			JsonToken token = json.nextToken();
			if (token.isStructStart()) {
				throw new AssertionError("unexpected structure in " + name);
			}
			values.put(name, json.getString());
			if (order != null) {
				order.add(name);
			}
		}
		return values;
	}

	private static ScfLogEntry entry(Map<String, String> log) {
		Instant start = LocalDateTime.parse(log.get("startTime"), WIRE_TIME).atZone(BEIJING).toInstant();
		return new ScfLogEntry(log.get("functionName"), log.get("retMsg"), log.get("requestId"), start,
				Long.parseLong(log.get("retCode")), Long.parseLong(log.get("invokeFinished")), log.get("duration"),
				Long.parseLong(log.get("billDuration")), Long.parseLong(log.get("memUsage")), log.get("log"),
				log.get("level"), log.get("source"), Long.parseLong(log.get("retryNum")), "default",
				ScfDataset.DEFAULT_QUALIFIER);
	}

	private static void expect(JsonToken actual, JsonToken expected) {
		if (actual != expected) {
			throw new AssertionError("expected " + expected + " but got " + actual);
		}
	}

	@Override
	public String toString() {
		return ok() ? "LegacyReply[total=" + this.total + ", logs=" + this.logs.size() + "]"
				: "LegacyReply[" + this.code + " " + this.codeDesc + ": " + this.message + "]";
	}

}
