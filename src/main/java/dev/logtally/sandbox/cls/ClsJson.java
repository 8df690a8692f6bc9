package dev.logtally.sandbox.cls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

import dev.logtally.sandbox.tencent.ApiError;

/** Writes the CLS API 3.0 response bodies: errors, {@code SearchLog} pages and {@code DescribeLogHistogram}. */
final class ClsJson {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.build();

	private ClsJson() {
	}

	/** One histogram bucket: its start, a multiple of the interval, and the logs in it within the range. */
	record Bucket(long start, long count) {
	}

	static byte[] error(ApiError error, String requestId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
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
		return out.toByteArray();
	}

	/**
	 * A raw-log {@code SearchLog} answer. {@code SamplingRate} is 0 as in the service's own example of a search
	 * without SQL; {@code HighLights} is empty because the emulator highlights nothing.
	 */
	static byte[] page(String context, boolean listOver, List<ClsLog> logs, String requestId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			json.writeObjectPropertyStart("Response");
			json.writeStringProperty("Context", context);
			json.writeBooleanProperty("ListOver", listOver);
			json.writeBooleanProperty("Analysis", false);
			json.writeArrayPropertyStart("ColNames");
			json.writeEndArray();
			json.writeArrayPropertyStart("Results");
			for (ClsLog log : logs) {
				json.writeStartObject();
				json.writeNumberProperty("Time", log.time());
				json.writeStringProperty("TopicId", log.topicId());
				json.writeStringProperty("TopicName", log.topicName());
				json.writeStringProperty("Source", log.source());
				json.writeStringProperty("FileName", log.fileName());
				json.writeStringProperty("PkgId", log.pkgId());
				json.writeStringProperty("PkgLogId", log.pkgLogId());
				json.writeArrayPropertyStart("HighLights");
				json.writeEndArray();
				json.writeStringProperty("LogJson", log.logJson());
				json.writeStringProperty("HostName", log.hostName());
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeArrayPropertyStart("AnalysisResults");
			json.writeEndArray();
			json.writeNullProperty("AnalysisRecords");
			json.writeNullProperty("Columns");
			json.writeNumberProperty("SamplingRate", 0);
			json.writeStringProperty("RequestId", requestId);
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * An SQL {@code SearchLog} answer of one row holding {@code count} under {@code column}, in both shapes at once:
	 * {@code AnalysisRecords} (a JSON object per row) with {@code Columns}, and {@code AnalysisResults} with
	 * {@code ColNames}; the service fills one of them by {@code UseNewAnalysis}, the emulator both, so that a client
	 * reading either finds the count.
	 */
	static byte[] sqlCount(String column, long count, String requestId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			json.writeObjectPropertyStart("Response");
			json.writeStringProperty("Context", "");
			json.writeBooleanProperty("ListOver", true);
			json.writeBooleanProperty("Analysis", true);
			json.writeArrayPropertyStart("ColNames");
			json.writeString(column);
			json.writeEndArray();
			json.writeArrayPropertyStart("Results");
			json.writeEndArray();
			json.writeArrayPropertyStart("AnalysisResults");
			json.writeStartObject();
			json.writeArrayPropertyStart("Data");
			json.writeStartObject();
			json.writeStringProperty("Key", column);
			json.writeStringProperty("Value", Long.toString(count));
			json.writeEndObject();
			json.writeEndArray();
			json.writeEndObject();
			json.writeEndArray();
			json.writeArrayPropertyStart("AnalysisRecords");
			json.writeString("{" + quoted(column) + ":" + count + "}");
			json.writeEndArray();
			json.writeArrayPropertyStart("Columns");
			json.writeStartObject();
			json.writeStringProperty("Name", column);
			json.writeStringProperty("Type", "long");
			json.writeEndObject();
			json.writeEndArray();
			json.writeNumberProperty("SamplingRate", 1);
			json.writeStringProperty("RequestId", requestId);
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/** A name as a JSON string. */
	private static String quoted(String name) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeString(name);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	static byte[] histogram(long interval, long totalCount, List<Bucket> buckets, String requestId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			json.writeObjectPropertyStart("Response");
			json.writeNumberProperty("Interval", interval);
			json.writeNumberProperty("TotalCount", totalCount);
			json.writeArrayPropertyStart("HistogramInfos");
			for (Bucket bucket : buckets) {
				json.writeStartObject();
				json.writeNumberProperty("Count", bucket.count());
				json.writeNumberProperty("BTime", bucket.start());
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeStringProperty("RequestId", requestId);
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
