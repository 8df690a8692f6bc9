package dev.logtally.sandbox.sls;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes SLS response bodies with Jackson's streaming generator, logs materialised one at a time. Every log value is
 * a JSON string, {@code __time__} and {@code __time_ns_part__} included, as SLS delivers them; the system keys come
 * first, then the fields in key order.
 */
final class SlsJson {

	static final String COMPLETE = "Complete";

	static final String INCOMPLETE = "Incomplete";

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.build();

	/** What GetLogsV2 reports in {@code meta} besides the rows. */
	record Meta(boolean complete, long processedRows, long elapsedMillis, boolean accurate, String whereQuery) {
	}

	/** One GetHistograms interval {@code [from, to)} in whole seconds. */
	record Bucket(long from, long to, long count, boolean complete) {
	}

	private SlsJson() {
	}

	static byte[] error(SlsError error) {
		return write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("errorCode", error.code());
			json.writeStringProperty("errorMessage", error.errorMessage());
			json.writeEndObject();
		});
	}

	/** The GET GetLogs body: a bare array of flat objects. */
	static byte[] logArray(StoredLogstore logstore, int[] rows) {
		return write((json) -> {
			json.writeStartArray();
			for (int row : rows) {
				writeLog(json, logstore, row);
			}
			json.writeEndArray();
		});
	}

	/** The GetLogsV2 body: {@code {"meta":{...},"data":[...]}}. */
	static byte[] logsV2(StoredLogstore logstore, int[] rows, Meta meta) {
		SortedSet<String> keys = new TreeSet<>();
		for (int row : rows) {
			keys.addAll(logstore.log(row).fields().keySet());
		}
		return write((json) -> {
			json.writeStartObject();
			json.writeObjectPropertyStart("meta");
			json.writeStringProperty("progress", meta.complete() ? COMPLETE : INCOMPLETE);
			json.writeStringProperty("aggQuery", "");
			json.writeStringProperty("whereQuery", meta.whereQuery());
			json.writeBooleanProperty("hasSQL", false);
			json.writeNumberProperty("processedRows", meta.processedRows());
			json.writeNumberProperty("elapsedMillisecond", meta.elapsedMillis());
			json.writeNumberProperty("cpuSec", 0.0);
			json.writeNumberProperty("cpuCores", 0);
			json.writeNumberProperty("limited", 0);
			json.writeNumberProperty("count", rows.length);
			json.writeBooleanProperty("isAccurate", meta.accurate());
			json.writeArrayPropertyStart("keys");
			for (String key : keys) {
				json.writeString(key);
			}
			json.writeEndArray();
			json.writeArrayPropertyStart("terms");
			json.writeEndArray();
			json.writeStringProperty("marker", "");
			json.writeNumberProperty("mode", 0);
			json.writeObjectPropertyStart("phraseQueryInfo");
			json.writeBooleanProperty("scanAll", false);
			json.writeNumberProperty("beginOffset", 0);
			json.writeNumberProperty("endOffset", 0);
			json.writeNumberProperty("endTime", 0);
			json.writeEndObject();
			json.writeNumberProperty("scanBytes", 0);
			json.writeBooleanProperty("powerSql", false);
			json.writeEndObject();
			json.writeArrayPropertyStart("data");
			for (int row : rows) {
				writeLog(json, logstore, row);
			}
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	static byte[] histograms(List<Bucket> buckets) {
		return write((json) -> {
			json.writeStartArray();
			for (Bucket bucket : buckets) {
				json.writeStartObject();
				json.writeNumberProperty("from", bucket.from());
				json.writeNumberProperty("to", bucket.to());
				json.writeNumberProperty("count", bucket.count());
				json.writeStringProperty("progress", bucket.complete() ? COMPLETE : INCOMPLETE);
				json.writeEndObject();
			}
			json.writeEndArray();
		});
	}

	private static void writeLog(JsonGenerator json, StoredLogstore logstore, int row) {
		SlsLog log = logstore.log(row);
		json.writeStartObject();
		json.writeStringProperty("__time__", Long.toString(log.time()));
		json.writeStringProperty("__time_ns_part__", Integer.toString(log.nsPart()));
		json.writeStringProperty("__source__", log.source());
		json.writeStringProperty("__topic__", log.topic());
		for (Map.Entry<String, String> field : log.fields().entrySet()) {
			json.writeStringProperty(field.getKey(), field.getValue());
		}
		json.writeEndObject();
	}

	private static byte[] write(Consumer<JsonGenerator> body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			body.accept(json);
		}
		return out.toByteArray();
	}

}
