package dev.logtally.source.scf;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a {@code GetFunctionLogs} answer token by token, without building a tree of the whole response (pages may hold
 * several megabyte-sized log fields).
 *
 * <p>Hostile answers are refused with a message that names the field: wrong types, a missing {@code TotalCount} or
 * {@code RequestId}, an unparseable {@code StartTime}, nesting or strings beyond sane limits.
 */
final class ScfResponseParser {

	static final DateTimeFormatter SCF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	/** Generous for 1 MB log fields, small enough that a hostile answer cannot exhaust the heap with one string. */
	private static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(MAX_STRING_CHARS)
			.maxNestingDepth(32)
			.maxNumberLength(64)
			.build())
		.build();

	/** What an answer said: a page or an error. */
	sealed interface Answer permits PageAnswer, ErrorAnswer {
	}

	record PageAnswer(ScfPage page) implements Answer {
	}

	record ErrorAnswer(String code, String message) implements Answer {
	}

	/** A well-formed HTTP answer whose JSON does not follow the GetFunctionLogs contract. */
	static final class MalformedAnswerException extends RuntimeException {

		MalformedAnswerException(String message) {
			super(message, null, false, false);
		}

	}

	private final ZoneId zone;

	ScfResponseParser(ZoneId zone) {
		this.zone = zone;
	}

	/**
	 * @throws MalformedAnswerException if the JSON is valid but not a GetFunctionLogs answer
	 * @throws tools.jackson.core.JacksonException if the JSON is truncated or invalid
	 */
	Answer parse(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT, "the answer");
			Answer answer = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if ("Response".equals(name)) {
					answer = response(parser);
				}
				else {
					parser.skipChildren();
				}
			}
			if (answer == null) {
				throw new MalformedAnswerException("the answer has no Response object");
			}
			if (parser.nextToken() != null) {
				throw new MalformedAnswerException("the answer has data after its closing brace");
			}
			return answer;
		}
	}

	private Answer response(JsonParser parser) {
		expect(parser.currentToken(), JsonToken.START_OBJECT, "Response");
		Long total = null;
		List<FunctionLog> logs = null;
		String requestId = null;
		ErrorAnswer error = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "Error" -> error = error(parser);
				case "TotalCount" -> {
					expect(value, JsonToken.VALUE_NUMBER_INT, "Response.TotalCount");
					total = parser.getLongValue();
					if (total < 0) {
						throw new MalformedAnswerException("Response.TotalCount is negative: " + total);
					}
				}
				case "Data" -> logs = data(parser);
				case "RequestId" -> requestId = string(parser, "Response.RequestId");
				default -> parser.skipChildren();
			}
		}
		if (error != null) {
			return error;
		}
		if (requestId == null) {
			throw new MalformedAnswerException("Response.RequestId is missing");
		}
		if (total == null) {
			throw new MalformedAnswerException("Response.TotalCount is missing");
		}
		if (logs == null) {
			throw new MalformedAnswerException("Response.Data is missing");
		}
		return new PageAnswer(new ScfPage(total, List.copyOf(logs)));
	}

	private ErrorAnswer error(JsonParser parser) {
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
		if (code == null) {
			throw new MalformedAnswerException("Response.Error has no Code");
		}
		return new ErrorAnswer(code, message);
	}

	private List<FunctionLog> data(JsonParser parser) {
		if (parser.currentToken() == JsonToken.VALUE_NULL) {
			return List.of();
		}
		expect(parser.currentToken(), JsonToken.START_ARRAY, "Response.Data");
		List<FunctionLog> logs = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			logs.add(functionLog(parser, "Response.Data[" + logs.size() + "]"));
		}
		return logs;
	}

	private FunctionLog functionLog(JsonParser parser, String path) {
		expect(parser.currentToken(), JsonToken.START_OBJECT, path);
		String functionName = null, retMsg = null, requestId = null, startTime = null, retCode = null,
				invokeFinished = null, duration = null, billDuration = null, memUsage = null, log = null,
				level = null, source = null, retryNum = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			String field = path + "." + name;
			switch (name) {
				case "FunctionName" -> functionName = string(parser, field);
				case "RetMsg" -> retMsg = string(parser, field);
				case "RequestId" -> requestId = string(parser, field);
				case "StartTime" -> startTime = string(parser, field);
				case "RetCode" -> retCode = number(parser, field);
				case "InvokeFinished" -> invokeFinished = number(parser, field);
				case "Duration" -> duration = number(parser, field);
				case "BillDuration" -> billDuration = number(parser, field);
				case "MemUsage" -> memUsage = number(parser, field);
				case "Log" -> log = string(parser, field);
				case "Level" -> level = string(parser, field);
				case "Source" -> source = string(parser, field);
				case "RetryNum" -> retryNum = number(parser, field);
				default -> parser.skipChildren();
			}
		}
		if (requestId == null || requestId.isEmpty()) {
			throw new MalformedAnswerException(path + ".RequestId is missing");
		}
		if (startTime == null) {
			throw new MalformedAnswerException(path + ".StartTime is missing");
		}
		return new FunctionLog(functionName, retMsg, requestId, instant(startTime, path + ".StartTime"), retCode,
				invokeFinished, duration, billDuration, memUsage, log, level, source, retryNum);
	}

	private Instant instant(String text, String field) {
		try {
			return LocalDateTime.parse(text, SCF_TIME).atZone(this.zone).toInstant();
		}
		catch (DateTimeException ex) {
			throw new MalformedAnswerException(field + " \"" + abbreviate(text) + "\" is not yyyy-MM-dd HH:mm:ss");
		}
	}

	private static @Nullable String string(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		expect(token, JsonToken.VALUE_STRING, field);
		return parser.getString();
	}

	private static @Nullable String number(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			throw new MalformedAnswerException(field + " must be a number, found " + describe(token));
		}
		return parser.getString();
	}

	private static void expect(@Nullable JsonToken actual, JsonToken expected, String field) {
		if (actual != expected) {
			throw new MalformedAnswerException(field + " must be " + describe(expected) + ", found " + describe(actual));
		}
	}

	private static String describe(@Nullable JsonToken token) {
		if (token == null) {
			return "the end of the answer";
		}
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT -> "an integer";
			case VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name();
		};
	}

	private static String abbreviate(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

}
