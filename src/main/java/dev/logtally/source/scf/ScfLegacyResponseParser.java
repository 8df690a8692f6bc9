package dev.logtally.source.scf;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a legacy v2 {@code GetFunctionLogs} answer token by token: {@code {code, message, codeDesc, total, data}},
 * camelCase log fields, and a {@code code} that may be a number or a string.
 */
final class ScfLegacyResponseParser {

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(16 * 1024 * 1024)
			.maxNestingDepth(32)
			.maxNumberLength(64)
			.build())
		.build();

	/** What an answer said: a page (code 0) or an error. */
	sealed interface Answer permits Page, Error {
	}

	record Page(ScfPage page) implements Answer {
	}

	record Error(int code, String codeDesc, String message) implements Answer {
	}

	private final ZoneId zone;

	ScfLegacyResponseParser(ZoneId zone) {
		this.zone = zone;
	}

	/**
	 * @throws ScfResponseParser.MalformedAnswerException if the JSON is valid but not a GetFunctionLogs answer
	 */
	Answer parse(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw malformed("the answer must be an object");
			}
			Integer code = null;
			String message = "";
			String codeDesc = "";
			Long total = null;
			List<FunctionLog> logs = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken token = parser.nextToken();
				switch (name) {
					case "code" -> code = code(parser, token);
					case "message" -> message = text(parser, "message");
					case "codeDesc" -> codeDesc = text(parser, "codeDesc");
					case "total" -> {
						if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
							throw malformed("total must be a whole number, found " + token);
						}
						total = parser.getLongValue();
					}
					case "data" -> logs = data(parser);
					default -> parser.skipChildren();
				}
			}
			if (code == null) {
				throw malformed("code is missing");
			}
			if (code != 0) {
				return new Error(code, codeDesc, message);
			}
			if (total == null) {
				throw malformed("total is missing");
			}
			return new Page(new ScfPage(total, logs == null ? List.of() : List.copyOf(logs)));
		}
	}

	/** Both {@code "code": 0} (SCF's pages) and {@code "code": "0"} (the generic legacy docs) are accepted. */
	private static int code(JsonParser parser, JsonToken token) {
		try {
			if (token == JsonToken.VALUE_NUMBER_INT) {
				return parser.getIntValue();
			}
			if (token == JsonToken.VALUE_STRING) {
				return Integer.parseInt(parser.getString().strip());
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the message below
		}
		throw malformed("code must be a whole number or its text, found " + token);
	}

	private List<FunctionLog> data(JsonParser parser) {
		if (parser.currentToken() == JsonToken.VALUE_NULL) {
			return List.of();
		}
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw malformed("data must be an array, found " + parser.currentToken());
		}
		List<FunctionLog> logs = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			logs.add(log(parser, "data[" + logs.size() + "]"));
		}
		return logs;
	}

	private FunctionLog log(JsonParser parser, String path) {
		if (parser.currentToken() != JsonToken.START_OBJECT) {
			throw malformed(path + " must be an object");
		}
		String functionName = null, retMsg = null, requestId = null, startTime = null, retCode = null,
				invokeFinished = null, duration = null, billDuration = null, memUsage = null, log = null,
				level = null, source = null, retryNum = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			String field = path + "." + name;
			switch (name) {
				case "functionName" -> functionName = text(parser, field);
				case "retMsg" -> retMsg = text(parser, field);
				case "requestId" -> requestId = text(parser, field);
				case "startTime" -> startTime = text(parser, field);
				case "retCode" -> retCode = number(parser, field);
				case "invokeFinished" -> invokeFinished = number(parser, field);
				case "duration" -> duration = number(parser, field);
				case "billDuration" -> billDuration = number(parser, field);
				case "memUsage" -> memUsage = number(parser, field);
				case "log" -> log = text(parser, field);
				case "level" -> level = text(parser, field);
				case "source" -> source = text(parser, field);
				case "retryNum" -> retryNum = number(parser, field);
				default -> parser.skipChildren();
			}
		}
		if (requestId == null || requestId.isEmpty()) {
			throw malformed(path + ".requestId is missing");
		}
		if (startTime == null) {
			throw malformed(path + ".startTime is missing");
		}
		return new FunctionLog(functionName, retMsg, requestId, instant(startTime, path + ".startTime"), retCode,
				invokeFinished, duration, billDuration, memUsage, log, level, source, retryNum);
	}

	private Instant instant(String text, String field) {
		try {
			return LocalDateTime.parse(text, ScfResponseParser.SCF_TIME).atZone(this.zone).toInstant();
		}
		catch (DateTimeException ex) {
			throw malformed(field + " \"" + text + "\" is not yyyy-MM-dd HH:mm:ss");
		}
	}

	private static @Nullable String text(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_STRING) {
			throw malformed(field + " must be a string, found " + token);
		}
		return parser.getString();
	}

	private static @Nullable String number(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			throw malformed(field + " must be a number, found " + token);
		}
		return parser.getString();
	}

	private static ScfResponseParser.MalformedAnswerException malformed(String message) {
		return new ScfResponseParser.MalformedAnswerException(message);
	}

}
