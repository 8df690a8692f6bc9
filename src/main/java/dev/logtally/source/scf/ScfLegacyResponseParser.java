package dev.logtally.source.scf;

import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.logtally.http.MalformedAnswerException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads a legacy v2 {@code GetFunctionLogs} answer token by token: {@code {code, message, codeDesc, total, data}},
 * camelCase log fields, and a {@code code} that may be a number or a string.
 */
final class ScfLegacyResponseParser {

	/** What an answer said: a page (code 0) or an error. */
	sealed interface Answer permits Page, Error {
	}

	record Page(ScfPage page) implements Answer {
	}

	record Error(int code, String codeDesc, String message) implements Answer {
	}

	private final FunctionLogDecoder logs;

	ScfLegacyResponseParser(ZoneId zone) {
		this.logs = new FunctionLogDecoder(zone, true);
	}

	/**
	 * @throws MalformedAnswerException if the JSON is valid but not a GetFunctionLogs answer
	 */
	Answer parse(InputStream body) {
		try (JsonParser parser = FunctionLogDecoder.JSON.createParser(ObjectReadContext.empty(), body)) {
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
					case "message" -> message = Objects.requireNonNullElse(FunctionLogDecoder.string(parser, "message"), "");
					case "codeDesc" -> codeDesc = Objects.requireNonNullElse(FunctionLogDecoder.string(parser, "codeDesc"),
							"");
					case "total" -> {
						if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
							throw malformed("total must be a whole number, found " + FunctionLogDecoder.describe(token));
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
		throw malformed("code must be a whole number or its text, found " + FunctionLogDecoder.describe(token));
	}

	private List<FunctionLog> data(JsonParser parser) {
		if (parser.currentToken() == JsonToken.VALUE_NULL) {
			return List.of();
		}
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw malformed("data must be an array, found " + FunctionLogDecoder.describe(parser.currentToken()));
		}
		List<FunctionLog> logs = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			logs.add(this.logs.read(parser, "data", logs.size()));
		}
		return logs;
	}

	private static MalformedAnswerException malformed(String message) {
		return new MalformedAnswerException(message);
	}

}
