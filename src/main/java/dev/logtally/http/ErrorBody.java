package dev.logtally.http;

import java.io.InputStream;
import java.util.Optional;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The code and message of a source's JSON error body ({@code {"errorCode":..,"errorMessage":..}} for SLS,
 * {@code {"error_code":..,"error_msg":..}} for Huawei). Anything else (an HTML page from a gateway, a cut-off body)
 * reads as no error body at all: the HTTP status then speaks alone.
 */
public record ErrorBody(String code, String message) {

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024).maxNestingDepth(8).build())
		.build();

	/** Reads the body (and closes it). */
	public static Optional<ErrorBody> read(InputStream body, String codeField, String messageField) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Optional.empty();
			}
			String code = null;
			String message = "";
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken token = parser.nextToken();
				if (token == JsonToken.VALUE_STRING && name.equals(codeField)) {
					code = parser.getString();
				}
				else if (token == JsonToken.VALUE_STRING && name.equals(messageField)) {
					message = parser.getString();
				}
				else {
					parser.skipChildren();
				}
			}
			return code == null ? Optional.empty() : Optional.of(new ErrorBody(code, message));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

}
