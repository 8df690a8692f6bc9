package dev.logtally.source.cls;

import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.logtally.http.MalformedAnswerException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads CLS answers token by token: {@code {"Response": {...}}} holding a {@code SearchLog} page, a
 * {@code DescribeLogHistogram} answer, SCF {@code GetFunction}'s CLS delivery, or an {@code Error}. A value that
 * breaks the contract is refused with a {@link MalformedAnswerException} that names the field ({@code Response.Results[3].Time}).
 */
final class ClsResponseParser {

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(64 * 1024 * 1024)
			.maxNestingDepth(64)
			.maxNumberLength(64)
			.build())
		.build();

	/** What an answer said: its value, or the error CLS gave instead. */
	record Answer<T>(@Nullable T value, @Nullable ErrorAnswer error) {
	}

	/** {@code Response.Error}. */
	record ErrorAnswer(String code, String message) {
	}

	Answer<ClsPage> searchLog(InputStream body) {
		SearchLogFields fields = new SearchLogFields();
		ErrorAnswer error = response(body, fields);
		return error != null ? new Answer<>(null, error) : new Answer<>(fields.page(), null);
	}

	Answer<ClsHistogram> histogram(InputStream body) {
		HistogramFields fields = new HistogramFields();
		ErrorAnswer error = response(body, fields);
		return error != null ? new Answer<>(null, error) : new Answer<>(fields.histogram(), null);
	}

	/**
	 * An SQL {@code count(*) as c} answer: {@code Analysis} true, the count from the first row of
	 * {@code AnalysisRecords} (a JSON object per row, {@code {"c":1234}}) or, when that is null or empty, from
	 * {@code AnalysisResults[0].Data}'s entry with {@code Key} {@code c}. Neither row encoding is confirmed, so both
	 * are read; the value may be a number or its text.
	 */
	Answer<Long> sqlCount(InputStream body) {
		SqlCountFields fields = new SqlCountFields();
		ErrorAnswer error = response(body, fields);
		return error != null ? new Answer<>(null, error) : new Answer<>(fields.count(), null);
	}

	/** SCF {@code GetFunction}: the function's {@code ClsTopicId} and {@code ClsLogsetId}, empty when missing or null. */
	Answer<FunctionDelivery> getFunction(InputStream body) {
		String[] ids = { "", "" };
		ErrorAnswer error = response(body, (name, parser) -> {
			switch (name) {
				case "ClsTopicId" -> ids[0] = nullable(parser, "Response.ClsTopicId");
				case "ClsLogsetId" -> ids[1] = nullable(parser, "Response.ClsLogsetId");
				default -> parser.skipChildren();
			}
		});
		return error != null ? new Answer<>(null, error) : new Answer<>(new FunctionDelivery(ids[0], ids[1]), null);
	}

	/** Reads an action's fields of {@code Response}, one at a time. */
	private interface Fields {

		/** Reads the value of {@code name}, the parser on its first token; skips what it does not know. */
		void read(String name, JsonParser parser);

	}

	/** @return the error, or {@code null} when {@code fields} read an answer */
	private static @Nullable ErrorAnswer response(InputStream body, Fields fields) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT, "the answer");
			boolean found = false;
			String requestId = null;
			ErrorAnswer error = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (!"Response".equals(name)) {
					parser.skipChildren();
					continue;
				}
				found = true;
				expect(parser.currentToken(), JsonToken.START_OBJECT, "Response");
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					parser.nextToken();
					switch (field) {
						case "Error" -> error = error(parser);
						case "RequestId" -> requestId = string(parser, "Response.RequestId");
						default -> fields.read(field, parser);
					}
				}
			}
			if (!found) {
				throw new MalformedAnswerException("the answer has no Response object");
			}
			if (parser.nextToken() != null) {
				throw new MalformedAnswerException("the answer has data after its closing brace");
			}
			if (error != null) {
				return error;
			}
			if (requestId == null || requestId.isEmpty()) {
				throw new MalformedAnswerException("Response.RequestId is missing");
			}
			return null;
		}
	}

	private static ErrorAnswer error(JsonParser parser) {
		expect(parser.currentToken(), JsonToken.START_OBJECT, "Response.Error");
		String code = null;
		String message = "";
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			switch (name) {
				case "Code" -> code = string(parser, "Response.Error.Code");
				case "Message" -> message = string(parser, "Response.Error.Message");
				default -> parser.skipChildren();
			}
		}
		if (code == null || code.isEmpty()) {
			throw new MalformedAnswerException("Response.Error has no Code");
		}
		return new ErrorAnswer(code, message);
	}

	private static final class SearchLogFields implements Fields {

		private final List<ClsLog> logs = new ArrayList<>();

		private boolean results;

		private @Nullable String context;

		private boolean listOver;

		@Override
		public void read(String name, JsonParser parser) {
			switch (name) {
				case "Context" -> this.context = parser.currentToken() == JsonToken.VALUE_NULL ? null
						: string(parser, "Response.Context");
				case "ListOver" -> this.listOver = bool(parser, "Response.ListOver");
				case "Analysis" -> {
					if (bool(parser, "Response.Analysis")) {
						throw new MalformedAnswerException("Response.Analysis is true: an SQL result, where a search "
								+ "statement was sent");
					}
				}
				case "Results" -> {
					this.results = true;
					if (parser.currentToken() == JsonToken.VALUE_NULL) {
						return;
					}
					expect(parser.currentToken(), JsonToken.START_ARRAY, "Response.Results");
					while (parser.nextToken() != JsonToken.END_ARRAY) {
						this.logs.add(log(parser, this.logs.size()));
					}
				}
				default -> parser.skipChildren();
			}
		}

		ClsPage page() {
			// Results may be null or absent when nothing matched: an empty page.
			return new ClsPage(this.logs, this.context == null || this.context.isEmpty() ? null : this.context,
					this.listOver);
		}

	}

	private static ClsLog log(JsonParser parser, int index) {
		if (parser.currentToken() != JsonToken.START_OBJECT) {
			expect(parser.currentToken(), JsonToken.START_OBJECT, "Response.Results[" + index + "]");
		}
		Long time = null;
		String topicId = "";
		String source = "";
		String fileName = "";
		String hostName = "";
		String pkgId = "";
		String pkgLogId = "";
		String logJson = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			switch (name) {
				case "Time" -> time = time(parser, index);
				case "TopicId" -> topicId = optional(parser, index, name);
				case "Source" -> source = optional(parser, index, name);
				case "FileName" -> fileName = optional(parser, index, name);
				case "HostName" -> hostName = optional(parser, index, name);
				case "PkgId" -> pkgId = optional(parser, index, name);
				case "PkgLogId" -> pkgLogId = optional(parser, index, name);
				case "LogJson" -> logJson = optional(parser, index, name);
				default -> parser.skipChildren();
			}
		}
		if (time == null) {
			throw new MalformedAnswerException(field(index, "Time") + " is missing");
		}
		if (logJson == null) {
			throw new MalformedAnswerException(field(index, "LogJson") + " is missing");
		}
		return new ClsLog(time, topicId, source, fileName, hostName, pkgId, pkgLogId, logJson,
				logFields(logJson, index));
	}

	private static long time(JsonParser parser, int index) {
		if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
			throw new MalformedAnswerException(field(index, "Time") + " must be whole milliseconds, found "
					+ parser.currentToken());
		}
		long time = parser.getLongValue();
		if (time < 0) {
			throw new MalformedAnswerException(field(index, "Time") + " is negative: " + time);
		}
		return time;
	}

	/** A string of a log, {@code ""} when null. */
	private static String optional(JsonParser parser, int index, String name) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return "";
		}
		if (token != JsonToken.VALUE_STRING) {
			throw new MalformedAnswerException(field(index, name) + " must be a string, found " + token);
		}
		return parser.getString();
	}

	/**
	 * The fields of a {@code LogJson}: it must be a JSON object; scalars are taken as their text (null as empty),
	 * nested objects and arrays as their JSON text. A key given twice is refused: which value is the log's is unknown.
	 */
	static SortedMap<String, String> logFields(String logJson, int index) {
		SortedMap<String, String> fields = new TreeMap<>();
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), logJson)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new MalformedAnswerException(field(index, "LogJson") + " must be a JSON object, found "
						+ (first == null ? "nothing" : first));
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				String text = switch (value) {
					case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getString();
					case VALUE_NULL -> "";
					default -> nested(parser);
				};
				if (fields.put(name, text) != null) {
					throw new MalformedAnswerException(field(index, "LogJson") + " has the key \"" + abbreviate(name)
							+ "\" twice");
				}
			}
			if (parser.nextToken() != null) {
				throw new MalformedAnswerException(field(index, "LogJson") + " has data after its closing brace");
			}
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new MalformedAnswerException(field(index, "LogJson") + " is not valid JSON ("
					+ ex.getOriginalMessage() + ")");
		}
		return fields;
	}

	/** The JSON text of the object or array the parser is on, compact. */
	private static String nested(JsonParser parser) {
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.copyCurrentStructure(parser);
		}
		return out.toString();
	}

	private static final class SqlCountFields implements Fields {

		private static final String COLUMN = "c";

		private boolean analysis;

		private final List<String> records = new ArrayList<>();

		private @Nullable String resultValue;

		private boolean resultFound;

		@Override
		public void read(String name, JsonParser parser) {
			switch (name) {
				case "Analysis" -> this.analysis = bool(parser, "Response.Analysis");
				case "AnalysisRecords" -> {
					if (parser.currentToken() == JsonToken.VALUE_NULL) {
						return;
					}
					expect(parser.currentToken(), JsonToken.START_ARRAY, "Response.AnalysisRecords");
					while (parser.nextToken() != JsonToken.END_ARRAY) {
						this.records.add(string(parser, "Response.AnalysisRecords[" + this.records.size() + "]"));
					}
				}
				case "AnalysisResults" -> analysisResults(parser);
				default -> parser.skipChildren();
			}
		}

		/** {@code [{Data:[{Key,Value}]}]}: the value of {@code c} in the first row. */
		private void analysisResults(JsonParser parser) {
			if (parser.currentToken() == JsonToken.VALUE_NULL) {
				return;
			}
			expect(parser.currentToken(), JsonToken.START_ARRAY, "Response.AnalysisResults");
			int row = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				String where = "Response.AnalysisResults[" + row + "]";
				expect(parser.currentToken(), JsonToken.START_OBJECT, where);
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					parser.nextToken();
					if (row == 0 && "Data".equals(field) && parser.currentToken() != JsonToken.VALUE_NULL) {
						data(parser, where + ".Data");
					}
					else {
						parser.skipChildren();
					}
				}
				row++;
			}
		}

		private void data(JsonParser parser, String where) {
			expect(parser.currentToken(), JsonToken.START_ARRAY, where);
			int index = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				String entry = where + "[" + index++ + "]";
				expect(parser.currentToken(), JsonToken.START_OBJECT, entry);
				String key = null;
				String value = null;
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					parser.nextToken();
					switch (field) {
						case "Key" -> key = nullable(parser, entry + ".Key");
						case "Value" -> value = scalar(parser, entry + ".Value");
						default -> parser.skipChildren();
					}
				}
				if (COLUMN.equals(key)) {
					this.resultFound = true;
					this.resultValue = value;
				}
			}
		}

		long count() {
			if (!this.analysis) {
				throw new MalformedAnswerException("Response.Analysis is not true: a search result, where an SQL "
						+ "count(*) was sent");
			}
			if (!this.records.isEmpty()) {
				String where = "Response.AnalysisRecords[0]." + COLUMN;
				return whole(recordValue(this.records.get(0)), where);
			}
			if (this.resultFound) {
				return whole(this.resultValue, "Response.AnalysisResults[0].Data[Key=" + COLUMN + "].Value");
			}
			throw new MalformedAnswerException("Response.AnalysisRecords and Response.AnalysisResults hold no "
					+ "column " + COLUMN + ": the count(*) answer has no count");
		}

		/** The value of {@code c} in one row of {@code AnalysisRecords}, as text; {@code null} when missing. */
		private static @Nullable String recordValue(String record) {
			String where = "Response.AnalysisRecords[0]";
			try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), record)) {
				JsonToken first = parser.nextToken();
				if (first != JsonToken.START_OBJECT) {
					throw new MalformedAnswerException(where + " must be a JSON object, found "
							+ (first == null ? "nothing" : first));
				}
				String value = null;
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					parser.nextToken();
					if (COLUMN.equals(name)) {
						value = scalar(parser, where + "." + COLUMN);
					}
					else {
						parser.skipChildren();
					}
				}
				return value;
			}
			catch (tools.jackson.core.JacksonException ex) {
				throw new MalformedAnswerException(where + " is not valid JSON (" + ex.getOriginalMessage() + ")");
			}
		}

		/** A number or a string as its text, {@code null} for null. */
		private static @Nullable String scalar(JsonParser parser, String where) {
			return switch (parser.currentToken()) {
				case VALUE_NULL -> null;
				case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getString();
				default -> throw new MalformedAnswerException(where + " must be a number, found "
						+ parser.currentToken());
			};
		}

		private static long whole(@Nullable String value, String where) {
			if (value == null) {
				throw new MalformedAnswerException(where + " is missing");
			}
			try {
				long count = Long.parseLong(value.strip());
				if (count < 0) {
					throw new MalformedAnswerException(where + " is negative: " + count);
				}
				return count;
			}
			catch (NumberFormatException ex) {
				throw new MalformedAnswerException(where + " is not a whole number: \"" + abbreviate(value) + "\"");
			}
		}

	}

	private static final class HistogramFields implements Fields {

		private final List<ClsHistogram.Bucket> buckets = new ArrayList<>();

		private @Nullable Long totalCount;

		private long interval;

		@Override
		public void read(String name, JsonParser parser) {
			switch (name) {
				case "TotalCount" -> this.totalCount = count(parser, "Response.TotalCount");
				case "Interval" -> this.interval = count(parser, "Response.Interval");
				case "HistogramInfos" -> {
					if (parser.currentToken() == JsonToken.VALUE_NULL) {
						return;
					}
					expect(parser.currentToken(), JsonToken.START_ARRAY, "Response.HistogramInfos");
					while (parser.nextToken() != JsonToken.END_ARRAY) {
						this.buckets.add(bucket(parser, this.buckets.size()));
					}
				}
				default -> parser.skipChildren();
			}
		}

		ClsHistogram histogram() {
			if (this.totalCount == null) {
				throw new MalformedAnswerException("Response.TotalCount is missing");
			}
			return new ClsHistogram(this.totalCount, this.interval, this.buckets);
		}

	}

	private static ClsHistogram.Bucket bucket(JsonParser parser, int index) {
		String where = "Response.HistogramInfos[" + index + "]";
		expect(parser.currentToken(), JsonToken.START_OBJECT, where);
		Long count = null;
		Long bTime = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			switch (name) {
				case "Count" -> count = count(parser, where + ".Count");
				case "BTime" -> bTime = count(parser, where + ".BTime");
				default -> parser.skipChildren();
			}
		}
		if (count == null || bTime == null) {
			throw new MalformedAnswerException(where + " needs Count and BTime");
		}
		return new ClsHistogram.Bucket(bTime, count);
	}

	/** A whole number, not negative. */
	private static long count(JsonParser parser, String what) {
		if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
			throw new MalformedAnswerException(what + " must be a whole number, found " + parser.currentToken());
		}
		long value = parser.getLongValue();
		if (value < 0) {
			throw new MalformedAnswerException(what + " is negative: " + value);
		}
		return value;
	}

	private static boolean bool(JsonParser parser, String what) {
		return switch (parser.currentToken()) {
			case VALUE_TRUE -> true;
			case VALUE_FALSE, VALUE_NULL -> false;
			default -> throw new MalformedAnswerException(what + " must be true or false, found "
					+ parser.currentToken());
		};
	}

	/** A string, {@code ""} when null. */
	private static String nullable(JsonParser parser, String what) {
		return parser.currentToken() == JsonToken.VALUE_NULL ? "" : string(parser, what);
	}

	private static String string(JsonParser parser, String what) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			throw new MalformedAnswerException(what + " must be a string, found " + parser.currentToken());
		}
		return parser.getString();
	}

	/** The path of a log's field, as errors name it; built only for an error. */
	private static String field(int index, String name) {
		return "Response.Results[" + index + "]." + name;
	}

	private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
		if (actual != expected) {
			throw new MalformedAnswerException(what + " must be " + (expected == JsonToken.START_ARRAY ? "an array"
					: "an object") + ", found " + (actual == null ? "the end of the answer" : actual));
		}
	}

	private static String abbreviate(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

}
