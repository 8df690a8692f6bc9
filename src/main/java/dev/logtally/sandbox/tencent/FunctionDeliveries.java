package dev.logtally.sandbox.tencent;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.BiPredicate;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SCF API 3.0 {@code GetFunction} (version {@code 2018-04-16}) as far as a CLS reader uses it: where a function
 * delivers its logs ({@code ClsLogsetId}, {@code ClsTopicId}). A function declared with a topic answers it; a function
 * the emulator knows otherwise (the SCF emulator's dataset) answers empty ids, as one created before SCF delivered logs to
 * CLS; any other is {@code ResourceNotFound.Function}. Versions are not modelled: every qualifier of a known function
 * answers the function's topic. Served by the SCF emulator, and by the CLS emulator, which stands in the sandbox
 * for Tencent's API gateway as a whole.
 */
public final class FunctionDeliveries {

	public static final String ACTION = "GetFunction";

	public static final String VERSION = "2018-04-16";

	private static final Set<String> PARAMETERS = Set.of("FunctionName", "Namespace", "Qualifier", "ShowCode");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonFactory FACTORY = JsonFactory.builder().build();

	/** The topic of each declared function, by {@code namespace/name}; declared again while the emulator serves. */
	private final Map<String, String> topics = new ConcurrentHashMap<>();

	/** Declares that the function delivers its logs to {@code topicId}; an empty id declares that it delivers none. */
	public FunctionDeliveries declare(String namespace, String function, String topicId) {
		this.topics.put(namespace + "/" + function, topicId);
		return this;
	}

	public FunctionDeliveries copy() {
		FunctionDeliveries copy = new FunctionDeliveries();
		copy.topics.putAll(this.topics);
		return copy;
	}

	/**
	 * The answer to a {@code GetFunction} request body.
	 * @param known whether a function not declared here exists, by namespace and name
	 * @throws ApiError for a missing or unknown parameter, or a function that does not exist
	 */
	public byte[] answer(byte[] body, BiPredicate<String, String> known, String requestId) {
		JsonNode request;
		try {
			request = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
		}
		if (request == null || !request.isObject()) {
			throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
		}
		for (String name : request.propertyNames()) {
			if (!PARAMETERS.contains(name)) {
				throw new ApiError("UnknownParameter", "The parameter `" + name + "` is not recognized.");
			}
		}
		String function = text(request, "FunctionName");
		if (function == null) {
			throw ApiError.missingParameter("FunctionName");
		}
		String namespace = text(request, "Namespace");
		namespace = namespace == null ? "default" : namespace;
		String qualifier = text(request, "Qualifier");
		String topic = this.topics.get(namespace + "/" + function);
		if (topic == null && !known.test(namespace, function)) {
			throw new ApiError("ResourceNotFound.Function", "The function `" + function
					+ "` does not exist in namespace `" + namespace + "`.");
		}
		return render(function, namespace, qualifier == null ? "$LATEST" : qualifier, topic == null ? "" : topic,
				requestId);
	}

	private static String text(JsonNode request, String name) {
		JsonNode value = request.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new ApiError("InvalidParameter", "The parameter `" + name + "` must be a string.");
		}
		return value.asString();
	}

	private static byte[] render(String function, String namespace, String qualifier, String topic,
			String requestId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.writeStartObject();
			json.writeObjectPropertyStart("Response");
			json.writeStringProperty("FunctionName", function);
			json.writeStringProperty("Namespace", namespace);
			json.writeStringProperty("Qualifier", qualifier);
			json.writeStringProperty("Status", "Active");
			json.writeStringProperty("Runtime", "Nodejs18.15");
			json.writeStringProperty("Handler", "index.main_handler");
			json.writeNumberProperty("MemorySize", 128);
			json.writeNumberProperty("Timeout", 3);
			json.writeStringProperty("ClsLogsetId", topic.isEmpty() ? "" : "logset-" + topic);
			json.writeStringProperty("ClsTopicId", topic);
			json.writeStringProperty("RequestId", requestId);
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
