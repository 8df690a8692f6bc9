package dev.logtally.source.sls;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.logtally.http.MalformedAnswerException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads SLS answers token by token: a {@code GetLogs} page (a JSON array of flat objects), a {@code GetHistograms}
 * answer (an array of buckets) and an error body. A value that breaks the contract is refused with a message that
 * names the field.
 */
final class SlsResponseParser {

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(16 * 1024 * 1024)
			.maxNestingDepth(16)
			.maxNumberLength(64)
			.build())
		.build();

	List<QueriedLog> logs(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_ARRAY, "the GetLogs answer");
			List<QueriedLog> logs = new ArrayList<>();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				logs.add(log(parser, logs.size()));
			}
			end(parser);
			return logs;
		}
	}

	private static QueriedLog log(JsonParser parser, int index) {
		expectObject(parser.currentToken(), "log", index);
		Long seconds = null;
		long nanos = 0;
		String source = "";
		String topic = "";
		SortedMap<String, String> fields = new TreeMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			String value = scalar(parser, "log", index, name);
			switch (name) {
				case "__time__" -> seconds = number(value, "log", index, name, 0, Long.MAX_VALUE / 1_000_000_000L);
				case "__time_ns_part__" -> nanos = number(value, "log", index, name, 0, 999_999_999);
				case "__source__" -> source = value;
				case "__topic__" -> topic = value;
				default -> fields.put(name, value);
			}
		}
		if (seconds == null) {
			throw new MalformedAnswerException(field("log", index, "__time__") + " is missing");
		}
		return new QueriedLog(seconds * 1_000_000_000L + nanos, source, topic, fields);
	}

	List<HistogramBucket> histogram(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_ARRAY, "the GetHistograms answer");
			List<HistogramBucket> buckets = new ArrayList<>();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				int index = buckets.size();
				expectObject(parser.currentToken(), "bucket", index);
				Long from = null;
				Long to = null;
				Long count = null;
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					parser.nextToken();
					switch (name) {
						case "from" -> from = bucketNumber(parser, index, name);
						case "to" -> to = bucketNumber(parser, index, name);
						case "count" -> count = bucketNumber(parser, index, name);
						default -> parser.skipChildren();
					}
				}
				if (from == null || to == null || count == null) {
					throw new MalformedAnswerException("bucket[" + index + "] needs from, to and count");
				}
				buckets.add(new HistogramBucket(from, to, count));
			}
			end(parser);
			return buckets;
		}
	}

	private static long bucketNumber(JsonParser parser, int index, String name) {
		return number(scalar(parser, "bucket", index, name), "bucket", index, name, 0, Long.MAX_VALUE);
	}

	/**
	 * The path of {@code name} in element {@code index} of {@code array}, as errors name it. Built only for an error: an
	 * answer holds thousands of fields.
	 */
	private static String field(String array, int index, String name) {
		return array + "[" + index + "]." + name;
	}

	/** SLS sends every value as a string; numbers and booleans are taken as their text, null as empty. */
	private static String scalar(JsonParser parser, String array, int index, String name) {
		JsonToken token = parser.currentToken();
		return switch (token) {
			case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getString();
			case VALUE_NULL -> "";
			default -> throw new MalformedAnswerException(field(array, index, name) + " must be a string, found "
					+ token);
		};
	}

	private static long number(String text, String array, int index, String name, long min, long max) {
		try {
			long value = Long.parseLong(text);
			if (value < min || value > max) {
				throw new MalformedAnswerException(field(array, index, name) + " is out of range: " + text);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new MalformedAnswerException(field(array, index, name) + " is not a whole number: \""
					+ abbreviate(text) + "\"");
		}
	}

	private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
		if (actual != expected) {
			throw new MalformedAnswerException(what + " must be " + (expected == JsonToken.START_ARRAY ? "an array"
					: "an object") + ", found " + (actual == null ? "the end of the answer" : actual));
		}
	}

	/** Element {@code index} of {@code array} must be an object; its name is built only for the error. */
	private static void expectObject(@Nullable JsonToken actual, String array, int index) {
		if (actual != JsonToken.START_OBJECT) {
			expect(actual, JsonToken.START_OBJECT, array + "[" + index + "]");
		}
	}

	private static void end(JsonParser parser) {
		if (parser.nextToken() != null) {
			throw new MalformedAnswerException("the answer has data after its end");
		}
	}

	private static String abbreviate(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

}
