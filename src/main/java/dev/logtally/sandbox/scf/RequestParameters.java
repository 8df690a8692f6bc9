package dev.logtally.sandbox.scf;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.logtally.sandbox.tencent.ApiError;

/**
 * {@code GetFunctionLogs} parameters in their flattened form ({@code Filter.RetCode}), whichever way they arrived:
 * a JSON body (what the SDK sends by default) or form encoding (GET query string, or a form POST body).
 *
 * <p>Unknown names are refused with {@code UnknownParameter}, as API 3.0 does, so a client typo cannot silently turn
 * a filter off. In JSON, types are checked too: a number sent as a string is a client bug the real API rejects.
 */
final class RequestParameters {

	private static final Set<String> INTEGERS = Set.of("Offset", "Limit", "SearchContext.Limit");

	private static final Set<String> STRINGS = Set.of("FunctionName", "Order", "OrderBy", "Namespace", "Qualifier",
			"FunctionRequestId", "StartTime", "EndTime", "Filter.RetCode", "SearchContext.Offset",
			"SearchContext.Keyword", "SearchContext.Type");

	private static final Set<String> OBJECTS = Set.of("Filter", "SearchContext");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RequestParameters() {
	}

	static Map<String, String> fromJson(byte[] body) {
		if (body.length == 0) {
			return Map.of();
		}
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
		}
		if (root == null || !root.isObject()) {
			throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
		}
		Map<String, String> flat = new LinkedHashMap<>();
		flatten("", root, flat);
		return Collections.unmodifiableMap(flat);
	}

	/** Parses {@code a=1&b=2}; {@code +} and percent escapes are decoded, as the SDK's URL encoder produces them. */
	static Map<String, String> fromForm(String encoded) {
		Map<String, String> flat = new LinkedHashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return flat;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
			if (!INTEGERS.contains(name) && !STRINGS.contains(name)) {
				throw unknown(name);
			}
			if (flat.put(name, value) != null) {
				throw new ApiError("InvalidParameter", "The parameter `" + name + "` is given more than once.");
			}
		}
		return Collections.unmodifiableMap(flat);
	}

	private static void flatten(String prefix, JsonNode object, Map<String, String> flat) {
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			String name = prefix + property.getKey();
			JsonNode value = property.getValue();
			if (value.isNull()) {
				continue;
			}
			if (prefix.isEmpty() && OBJECTS.contains(name)) {
				if (!value.isObject()) {
					throw typeMismatch(name, "an object");
				}
				flatten(name + ".", value, flat);
			}
			else if (INTEGERS.contains(name)) {
				if (!value.isIntegralNumber() || !value.canConvertToLong()) {
					throw typeMismatch(name, "an integer");
				}
				flat.put(name, Long.toString(value.longValue()));
			}
			else if (STRINGS.contains(name)) {
				if (!value.isString()) {
					throw typeMismatch(name, "a string");
				}
				flat.put(name, value.stringValue());
			}
			else {
				throw unknown(name);
			}
		}
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiError("InvalidParameter", "The query string contains a malformed escape.");
		}
	}

	private static ApiError unknown(String name) {
		return new ApiError("UnknownParameter", "The parameter `" + name + "` is not recognized.");
	}

	private static ApiError typeMismatch(String name, String expected) {
		return new ApiError("InvalidParameter", "The parameter `" + name + "` must be " + expected + ".");
	}

}
