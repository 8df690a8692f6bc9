package dev.logtally.archive;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The strict reading the archive's small JSON formats share (run manifests and their signatures): a field is there or
 * its absence is named, and a text field holds text. Each format's own class keeps its fields and their meaning.
 */
final class JsonFields {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonFields() {
	}

	/** @throws IllegalArgumentException when the bytes are not JSON, saying so */
	static JsonNode tree(byte[] bytes) {
		try {
			return JSON.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not JSON (" + ex.getOriginalMessage() + ")", ex);
		}
	}

	/** @throws IllegalArgumentException "{@code field} is missing" when it is absent or null */
	static JsonNode required(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw new IllegalArgumentException(field + " is missing");
		}
		return value;
	}

	/** @throws IllegalArgumentException naming the field when it is missing or not a string */
	static String text(JsonNode node, String field) {
		JsonNode value = required(node, field);
		if (!value.isString()) {
			throw new IllegalArgumentException(field + " must be a string");
		}
		return value.asString();
	}

}
