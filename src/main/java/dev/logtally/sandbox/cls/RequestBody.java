package dev.logtally.sandbox.cls;

import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.logtally.sandbox.tencent.ApiError;

/**
 * A JSON request body of one action, type-checked field by field: a name the action does not define is
 * {@code UnknownParameter} (so a client's typo cannot silently turn a filter off), a number sent as a string is
 * {@code InvalidParameter}, as API 3.0 answers both. {@code null} values count as absent, as the SDKs omit them.
 */
final class RequestBody {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonNode root;

	private RequestBody(JsonNode root) {
		this.root = root;
	}

	/**
	 * @param known the parameter names the action defines
	 * @throws ApiError if the body is not a JSON object or names an unknown parameter
	 */
	static RequestBody parse(byte[] body, Set<String> known) {
		JsonNode root;
		try {
			root = (body.length == 0) ? JSON.createObjectNode() : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
		}
		if (root == null || !root.isObject()) {
			throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
		}
		for (Map.Entry<String, JsonNode> property : root.properties()) {
			if (!known.contains(property.getKey())) {
				throw new ApiError("UnknownParameter", "The parameter `" + property.getKey() + "` is not recognized.");
			}
		}
		return new RequestBody(root);
	}

	boolean has(String name) {
		JsonNode value = this.root.get(name);
		return value != null && !value.isNull();
	}

	String requiredString(String name) {
		String value = string(name);
		if (value == null || value.isEmpty()) {
			throw ApiError.missingParameter(name);
		}
		return value;
	}

	/** @return the string, or {@code null} if absent */
	String string(String name) {
		if (!has(name)) {
			return null;
		}
		JsonNode value = this.root.get(name);
		if (!value.isString()) {
			throw typeMismatch(name, "a string");
		}
		return value.stringValue();
	}

	long requiredLong(String name) {
		if (!has(name)) {
			throw ApiError.missingParameter(name);
		}
		return longOr(name, 0);
	}

	long longOr(String name, long absent) {
		if (!has(name)) {
			return absent;
		}
		JsonNode value = this.root.get(name);
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw typeMismatch(name, "an integer");
		}
		return value.longValue();
	}

	/** Checks the type of a parameter the emulator accepts but does not act on. */
	void ignored(String name, String type) {
		if (!has(name)) {
			return;
		}
		JsonNode value = this.root.get(name);
		boolean ok = switch (type) {
			case "number" -> value.isNumber();
			case "boolean" -> value.isBoolean();
			case "array" -> value.isArray();
			default -> throw new IllegalArgumentException(type);
		};
		if (!ok) {
			throw typeMismatch(name, "a " + type);
		}
	}

	private static ApiError typeMismatch(String name, String expected) {
		return new ApiError("InvalidParameter", "The parameter `" + name + "` must be " + expected + ".");
	}

}
