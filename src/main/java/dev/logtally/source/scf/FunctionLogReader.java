package dev.logtally.source.scf;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import dev.logtally.http.MalformedAnswerException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one SCF function log object from a JSON stream. API 3.0 and the legacy API return the same fields, named in
 * PascalCase ({@code RequestId}) by the one and in camelCase ({@code requestId}) by the other, so both answers give
 * the same {@link FunctionLog}, and the same archive rows.
 *
 * <p>Hostile input is refused with a message that names the field: wrong types, a missing {@code RequestId} or
 * {@code StartTime}, an unparseable time, nesting or strings beyond sane limits ({@link #JSON}).
 */
final class FunctionLogReader {

	/** Generous for 1 MB log fields, small enough that a hostile answer cannot exhaust the heap with one string. */
	private static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

	/** The parser factory both answers are read with. */
	static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(MAX_STRING_CHARS)
			.maxNestingDepth(32)
			.maxNumberLength(64)
			.build())
		.build();

	private final ZoneId zone;

	private final boolean camelCase;

	/**
	 * @param zone the zone {@code StartTime} is written in
	 * @param camelCase whether field names are camelCase (the legacy API) rather than PascalCase (API 3.0)
	 */
	FunctionLogReader(ZoneId zone, boolean camelCase) {
		this.zone = zone;
		this.camelCase = camelCase;
	}

	/** Reads the object the parser is at, naming fields in errors as {@code path.Field}. */
	FunctionLog read(JsonParser parser, String path) {
		expect(parser.currentToken(), JsonToken.START_OBJECT, path);
		String functionName = null, retMsg = null, requestId = null, startTime = null, retCode = null,
				invokeFinished = null, duration = null, billDuration = null, memUsage = null, log = null,
				level = null, source = null, retryNum = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			String field = path + "." + name;
			switch (this.camelCase ? capitalized(name) : name) {
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
			throw malformed(path + "." + named("RequestId") + " is missing");
		}
		if (startTime == null) {
			throw malformed(path + "." + named("StartTime") + " is missing");
		}
		return new FunctionLog(functionName, retMsg, requestId, instant(startTime, path + "." + named("StartTime")),
				retCode, invokeFinished, duration, billDuration, memUsage, log, level, source, retryNum);
	}

	private Instant instant(String text, String field) {
		try {
			return LocalDateTime.parse(text, ScfResponseParser.SCF_TIME).atZone(this.zone).toInstant();
		}
		catch (DateTimeException ex) {
			throw malformed(field + " \"" + abbreviate(text) + "\" is not yyyy-MM-dd HH:mm:ss");
		}
	}

	/** A field's name as this answer spells it. */
	private String named(String pascalCase) {
		return this.camelCase ? Character.toLowerCase(pascalCase.charAt(0)) + pascalCase.substring(1) : pascalCase;
	}

	private static String capitalized(String name) {
		return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	static @Nullable String string(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		expect(token, JsonToken.VALUE_STRING, field);
		return parser.getString();
	}

	/** A number's text exactly as sent: {@code Duration} is a decimal that must not pass through a binary float. */
	static @Nullable String number(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			throw malformed(field + " must be a number, found " + describe(token));
		}
		return parser.getString();
	}

	static void expect(@Nullable JsonToken actual, JsonToken expected, String field) {
		if (actual != expected) {
			throw malformed(field + " must be " + describe(expected) + ", found " + describe(actual));
		}
	}

	static String describe(@Nullable JsonToken token) {
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

	private static MalformedAnswerException malformed(String message) {
		return new MalformedAnswerException(message);
	}

}
