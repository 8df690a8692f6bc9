package dev.logtally.sandbox.legacy;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import dev.logtally.sandbox.scf.ApiReply;
import dev.logtally.sandbox.scf.ScfLogEntry;

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
							List<String> order = fieldOrder.isEmpty() ? fieldOrder : null;
							logs.add(ApiReply.entry(ApiReply.scalars(json, order), true));
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
