package dev.logtally.sandbox.scf;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Test-only: a {@code GetFunctionLogs} response body read with a streaming parser, so {@code Duration} keeps its exact
 * number text. Namespace and qualifier are not on the wire; entries get {@code default} and {@code $LATEST}.
 * @param errorCode {@code Response.Error.Code}, or {@code null} on success
 * @param errorMessage {@code Response.Error.Message}
 * @param totalCount {@code Response.TotalCount}
 * @param logs {@code Response.Data}
 * @param fieldOrder the property names of the first {@code Data} element, in wire order
 * @param requestId {@code Response.RequestId}
 */
public record ApiReply(String errorCode, String errorMessage, long totalCount, List<ScfLogEntry> logs,
		List<String> fieldOrder, String requestId) {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final ZoneId BEIJING = ZoneId.of("+08:00");

	boolean ok() {
		return this.errorCode == null;
	}

	static ApiReply parse(String body) {
		String errorCode = null;
		String errorMessage = null;
		long total = -1;
		List<ScfLogEntry> logs = new ArrayList<>();
		List<String> fieldOrder = new ArrayList<>();
		String requestId = null;
		try (JsonParser json = JSON.createParser(body)) {
			expect(json.nextToken(), JsonToken.START_OBJECT);
			expect(json.nextToken(), JsonToken.PROPERTY_NAME);
			if (!"Response".equals(json.currentName())) {
				throw new AssertionError("no Response: " + body);
			}
			expect(json.nextToken(), JsonToken.START_OBJECT);
			String name;
			while ((name = json.nextName()) != null) {
				JsonToken value = json.nextToken();
				switch (name) {
					case "Error" -> {
						Map<String, String> error = scalars(json, null);
						errorCode = error.get("Code");
						errorMessage = error.get("Message");
					}
					case "TotalCount" -> total = json.getLongValue();
					case "RequestId" -> requestId = json.getString();
					case "Data" -> {
						expect(value, JsonToken.START_ARRAY);
						while (json.nextToken() == JsonToken.START_OBJECT) {
							Map<String, String> log = scalars(json, fieldOrder.isEmpty() ? fieldOrder : null);
							logs.add(entry(log));
						}
					}
					default -> json.skipChildren();
				}
			}
			expect(json.nextToken(), JsonToken.END_OBJECT);
			if (json.nextToken() != null) {
				throw new AssertionError("trailing content: " + body);
			}
		}
		return new ApiReply(errorCode, errorMessage, total, List.copyOf(logs), List.copyOf(fieldOrder), requestId);
	}

	/**
	 * An object of scalars as text, in the parser's position just after START_OBJECT.
	 * @param order receives the field names in the order sent, if not null
	 */
	public static Map<String, String> scalars(JsonParser json, List<String> order) {
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
		return entry(log, false);
	}

	/**
	 * The entry a log object's scalars describe.
	 * @param camelCase whether the fields are named as the legacy API names them ({@code requestId}), not as API 3.0
	 *     does ({@code RequestId})
	 */
	public static ScfLogEntry entry(Map<String, String> log, boolean camelCase) {
		Function<String, String> field = (name) -> log
			.get(camelCase ? Character.toLowerCase(name.charAt(0)) + name.substring(1) : name);
		Instant start = LocalDateTime.parse(field.apply("StartTime"), WIRE_TIME).atZone(BEIJING).toInstant();
		return new ScfLogEntry(field.apply("FunctionName"), field.apply("RetMsg"), field.apply("RequestId"), start,
				Long.parseLong(field.apply("RetCode")), Long.parseLong(field.apply("InvokeFinished")),
				field.apply("Duration"), Long.parseLong(field.apply("BillDuration")),
				Long.parseLong(field.apply("MemUsage")), field.apply("Log"), field.apply("Level"),
				field.apply("Source"), Long.parseLong(field.apply("RetryNum")), "default",
				ScfDataset.DEFAULT_QUALIFIER);
	}

	private static void expect(JsonToken actual, JsonToken expected) {
		if (actual != expected) {
			throw new AssertionError("expected " + expected + " but got " + actual);
		}
	}

	@Override
	public String toString() {
		return ok() ? "ApiReply[total=" + this.totalCount + ", logs=" + this.logs.size() + "]"
				: "ApiReply[" + this.errorCode + ": " + this.errorMessage + "]";
	}

}
