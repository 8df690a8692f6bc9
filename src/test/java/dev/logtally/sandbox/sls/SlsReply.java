package dev.logtally.sandbox.sls;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-only: an SLS response, parsed by its shape: an error object, a GET GetLogs array, a GetLogsV2
 * {@code {meta, data}} object or a GetHistograms array. Log values must all be JSON strings; parsing fails otherwise.
 * @param progress {@code x-log-progress} for GET answers, {@code meta.progress} for GetLogsV2
 * @param meta the GetLogsV2 {@code meta} object, or {@code null}
 */
record SlsReply(int status, String errorCode, String errorMessage, String requestId, String progress,
		List<SlsLog> logs, List<Bucket> buckets, JsonNode meta, HttpResponse<String> response) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One GetHistograms interval. */
	record Bucket(long from, long to, long count, String progress) {
	}

	static SlsReply of(HttpResponse<String> response) {
		String requestId = response.headers().firstValue("x-log-requestid").orElse(null);
		JsonNode root = JSON.readTree(response.body());
		if (response.statusCode() != 200) {
			return new SlsReply(response.statusCode(), root.get("errorCode").stringValue(),
					root.get("errorMessage").stringValue(), requestId, null, List.of(), List.of(), null, response);
		}
		String progress = response.headers().firstValue("x-log-progress").orElse(null);
		List<SlsLog> logs = new ArrayList<>();
		List<Bucket> buckets = new ArrayList<>();
		JsonNode meta = null;
		if (root.isObject()) {
			meta = root.get("meta");
			progress = meta.get("progress").stringValue();
			root.get("data").forEach((log) -> logs.add(log(log)));
		}
		else {
			for (JsonNode element : root) {
				if (element.has("progress") && element.has("count")) {
					buckets.add(new Bucket(element.get("from").longValue(), element.get("to").longValue(),
							element.get("count").longValue(), element.get("progress").stringValue()));
				}
				else {
					logs.add(log(element));
				}
			}
		}
		return new SlsReply(200, null, null, requestId, progress, List.copyOf(logs), List.copyOf(buckets), meta,
				response);
	}

	boolean ok() {
		return this.status == 200;
	}

	boolean complete() {
		return "Complete".equals(this.progress);
	}

	long total() {
		return this.buckets.stream().mapToLong(Bucket::count).sum();
	}

	String header(String name) {
		return this.response.headers().firstValue(name).orElse(null);
	}

	private static SlsLog log(JsonNode object) {
		Map<String, String> values = new TreeMap<>();
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			if (!property.getValue().isString()) {
				throw new AssertionError("not a JSON string: " + property.getKey() + " in " + object);
			}
			values.put(property.getKey(), property.getValue().stringValue());
		}
		long time = Long.parseLong(values.remove("__time__"));
		int nsPart = Integer.parseInt(values.remove("__time_ns_part__"));
		String source = values.remove("__source__");
		String topic = values.remove("__topic__");
		return new SlsLog(time, nsPart, source, topic, new TreeMap<>(values));
	}

	@Override
	public String toString() {
		return ok() ? "SlsReply[" + this.progress + ", logs=" + this.logs.size() + ", buckets=" + this.buckets.size() + "]"
				: "SlsReply[" + this.status + " " + this.errorCode + ": " + this.errorMessage + "]";
	}

}
