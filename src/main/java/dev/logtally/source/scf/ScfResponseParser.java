package dev.logtally.source.scf;

import java.io.InputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.http.MalformedAnswerException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads a {@code GetFunctionLogs} answer token by token, without building a tree of the whole response (pages may hold
 * several megabyte-sized log fields).
 *
 * <p>Hostile answers are refused with a message that names the field: wrong types, a missing {@code TotalCount} or
 * {@code RequestId}, an unparseable {@code StartTime}, nesting or strings beyond sane limits.
 */
final class ScfResponseParser {

	static final DateTimeFormatter SCF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	/** What an answer said: a page or an error. */
	sealed interface Answer permits PageAnswer, ErrorAnswer {
	}

	record PageAnswer(ScfPage page) implements Answer {
	}

	record ErrorAnswer(String code, String message) implements Answer {
	}

	private final FunctionLogDecoder logs;

	ScfResponseParser(ZoneId zone) {
		this.logs = new FunctionLogDecoder(zone, false);
	}

	/**
	 * @throws MalformedAnswerException if the JSON is valid but not a GetFunctionLogs answer
	 * @throws tools.jackson.core.JacksonException if the JSON is truncated or invalid
	 */
	Answer parse(InputStream body) {
		try (JsonParser parser = FunctionLogDecoder.JSON.createParser(ObjectReadContext.empty(), body)) {
			FunctionLogDecoder.expect(parser.nextToken(), JsonToken.START_OBJECT, "the answer");
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
		FunctionLogDecoder.expect(parser.currentToken(), JsonToken.START_OBJECT, "Response");
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
					FunctionLogDecoder.expect(value, JsonToken.VALUE_NUMBER_INT, "Response.TotalCount");
					total = parser.getLongValue();
					if (total < 0) {
						throw new MalformedAnswerException("Response.TotalCount is negative: " + total);
					}
				}
				case "Data" -> logs = data(parser);
				case "RequestId" -> requestId = FunctionLogDecoder.string(parser, "Response.RequestId");
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
		FunctionLogDecoder.expect(parser.currentToken(), JsonToken.START_OBJECT, "Response.Error");
		String code = null;
		String message = "";
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			switch (name) {
				case "Code" -> code = FunctionLogDecoder.string(parser, "Response.Error.Code");
				case "Message" -> message = FunctionLogDecoder.string(parser, "Response.Error.Message");
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
		FunctionLogDecoder.expect(parser.currentToken(), JsonToken.START_ARRAY, "Response.Data");
		List<FunctionLog> logs = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			logs.add(this.logs.read(parser, "Response.Data", logs.size()));
		}
		return logs;
	}

}
