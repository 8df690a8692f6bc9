package dev.logtally.sandbox.cls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-only: a CLS API 3.0 answer, {@code Response} as a tree, with the {@code SearchLog} results read back into
 * {@link ClsLog}s.
 */
record ClsReply(JsonNode response) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static ClsReply parse(String body) {
		JsonNode root = JSON.readTree(body);
		if (root.size() != 1 || !root.has("Response")) {
			throw new AssertionError("not an API 3.0 answer: " + body);
		}
		return new ClsReply(root.get("Response"));
	}

	boolean ok() {
		return !this.response.has("Error");
	}

	String errorCode() {
		return ok() ? null : this.response.get("Error").get("Code").stringValue();
	}

	String errorMessage() {
		return ok() ? null : this.response.get("Error").get("Message").stringValue();
	}

	String requestId() {
		return this.response.get("RequestId").stringValue();
	}

	String context() {
		return this.response.get("Context").stringValue();
	}

	boolean listOver() {
		return this.response.get("ListOver").booleanValue();
	}

	long totalCount() {
		return this.response.get("TotalCount").longValue();
	}

	long interval() {
		return this.response.get("Interval").longValue();
	}

	/** {@code HistogramInfos} as (BTime, Count) pairs. */
	List<long[]> buckets() {
		List<long[]> buckets = new ArrayList<>();
		for (JsonNode bucket : this.response.get("HistogramInfos")) {
			buckets.add(new long[] { bucket.get("BTime").longValue(), bucket.get("Count").longValue() });
		}
		return buckets;
	}

	/** {@code Results}, each with its {@code LogJson} parsed back into fields. */
	List<ClsLog> logs() {
		if (!ok()) {
			throw new AssertionError(errorCode() + ": " + errorMessage());
		}
		List<ClsLog> logs = new ArrayList<>();
		for (JsonNode log : this.response.get("Results")) {
			Map<String, String> fields = JSON.readValue(log.get("LogJson").stringValue(), new TypeReference<>() {
			});
			SortedMap<String, String> sorted = new TreeMap<>(fields);
			logs.add(new ClsLog(log.get("Time").longValue(), log.get("TopicId").stringValue(),
					log.get("TopicName").stringValue(), log.get("Source").stringValue(),
					log.get("FileName").stringValue(), log.get("HostName").stringValue(), log.get("PkgId").stringValue(),
					log.get("PkgLogId").stringValue(), sorted));
		}
		return logs;
	}

}
