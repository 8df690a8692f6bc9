package dev.logtally.source.scf;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;

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
final class FunctionLogDecoder {

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

	/** The minute of the last StartTime parsed, shared by the threads reading through this reader's client. */
	private @Nullable ParsedMinute lastMinute;

	/**
	 * @param zone the zone {@code StartTime} is written in
	 * @param camelCase whether field names are camelCase (the legacy API) rather than PascalCase (API 3.0)
	 */
	FunctionLogDecoder(ZoneId zone, boolean camelCase) {
		this.zone = zone;
		this.camelCase = camelCase;
	}

	/**
	 * Reads the object the parser is at, element {@code index} of the array at {@code arrayPath}, naming fields in
	 * errors as {@code arrayPath[index].Field}. Paths are built only for an error: a page holds thousands of fields.
	 */
	FunctionLog read(JsonParser parser, String arrayPath, int index) {
		JsonToken start = parser.currentToken();
		if (start != JsonToken.START_OBJECT) {
			expect(start, JsonToken.START_OBJECT, arrayPath + "[" + index + "]");
		}
		String functionName = null, retMsg = null, requestId = null, startTime = null, retCode = null,
				invokeFinished = null, duration = null, billDuration = null, memUsage = null, log = null,
				level = null, source = null, retryNum = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (this.camelCase ? capitalized(name) : name) {
				case "FunctionName" -> functionName = string(parser, value, arrayPath, index, name);
				case "RetMsg" -> retMsg = string(parser, value, arrayPath, index, name);
				case "RequestId" -> requestId = string(parser, value, arrayPath, index, name);
				case "StartTime" -> startTime = string(parser, value, arrayPath, index, name);
				case "RetCode" -> retCode = number(parser, value, arrayPath, index, name);
				case "InvokeFinished" -> invokeFinished = number(parser, value, arrayPath, index, name);
				case "Duration" -> duration = number(parser, value, arrayPath, index, name);
				case "BillDuration" -> billDuration = number(parser, value, arrayPath, index, name);
				case "MemUsage" -> memUsage = number(parser, value, arrayPath, index, name);
				case "Log" -> log = string(parser, value, arrayPath, index, name);
				case "Level" -> level = string(parser, value, arrayPath, index, name);
				case "Source" -> source = string(parser, value, arrayPath, index, name);
				case "RetryNum" -> retryNum = number(parser, value, arrayPath, index, name);
				default -> parser.skipChildren();
			}
		}
		if (requestId == null || requestId.isEmpty()) {
			throw malformed(field(arrayPath, index, named("RequestId")) + " is missing");
		}
		if (startTime == null) {
			throw malformed(field(arrayPath, index, named("StartTime")) + " is missing");
		}
		return new FunctionLog(functionName, retMsg, requestId, instant(startTime, arrayPath, index), retCode,
				invokeFinished, duration, billDuration, memUsage, log, level, source, retryNum);
	}

	private static String field(String arrayPath, int index, String name) {
		return arrayPath + "[" + index + "]." + name;
	}

	private static @Nullable String string(JsonParser parser, JsonToken value, String arrayPath, int index,
			String name) {
		return value == JsonToken.VALUE_STRING ? parser.getString()
				: string(parser, field(arrayPath, index, name));
	}

	private static @Nullable String number(JsonParser parser, JsonToken value, String arrayPath, int index,
			String name) {
		return value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT ? parser.getString()
				: number(parser, field(arrayPath, index, name));
	}

	private Instant instant(String text, String arrayPath, int index) {
		// Parsing every time with a DateTimeFormatter showed in the warm export's profile (docs/BENCHMARKS.md), and the
		// logs of a page mostly share their minute, so only the seconds of the minute last parsed are read here. The
		// minute is immutable, so threads sharing this reader each see one whole minute, if not the latest.
		ParsedMinute minute = this.lastMinute;
		if (minute != null) {
			int second = minute.secondOf(text);
			if (second >= 0) {
				return minute.start().plusSeconds(second);
			}
		}
		try {
			LocalDateTime time = LocalDateTime.parse(text, ScfResponseParser.SCF_TIME);
			ParsedMinute parsed = ParsedMinute.of(text, time, this.zone);
			if (parsed != null) {
				this.lastMinute = parsed;
			}
			return time.atZone(this.zone).toInstant();
		}
		catch (DateTimeException ex) {
			throw malformed(field(arrayPath, index, named("StartTime")) + " \"" + abbreviate(text)
					+ "\" is not yyyy-MM-dd HH:mm:ss");
		}
	}

	/**
	 * A minute of {@code StartTime}s: {@code prefix} ({@code yyyy-MM-dd HH:mm}) as a whole {@code StartTime} that parsed
	 * has it, and the instant its second 0 is. Kept only for a minute whose seconds 0 and 59 have one and the same
	 * offset in the zone (no zone changes its offset twice in a minute), so that adding the seconds gives what the
	 * formatter and the zone's rules give: the logs of a minute with a daylight-saving change, or with a change at a
	 * historical offset with seconds, are each parsed whole.
	 */
	private record ParsedMinute(String prefix, Instant start) {

		private static final int PREFIX_LENGTH = "yyyy-MM-dd HH:mm".length();

		private static final int LENGTH = "yyyy-MM-dd HH:mm:ss".length();

		static @Nullable ParsedMinute of(String text, LocalDateTime time, ZoneId zone) {
			if (text.length() != LENGTH) {
				return null;
			}
			LocalDateTime first = time.withSecond(0);
			ZoneRules rules = zone.getRules();
			List<ZoneOffset> atFirst = rules.getValidOffsets(first);
			if (atFirst.size() != 1 || !atFirst.equals(rules.getValidOffsets(first.plusSeconds(59)))) {
				return null;
			}
			return new ParsedMinute(text.substring(0, PREFIX_LENGTH), first.toInstant(atFirst.get(0)));
		}

		/** The second of this minute that {@code text} names, or -1 if it is not this minute's {@code :ss}. */
		int secondOf(String text) {
			if (text.length() != LENGTH || text.charAt(PREFIX_LENGTH) != ':' || !text.startsWith(this.prefix)) {
				return -1;
			}
			int tens = text.charAt(LENGTH - 2) - '0';
			int units = text.charAt(LENGTH - 1) - '0';
			return tens >= 0 && tens <= 5 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
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
