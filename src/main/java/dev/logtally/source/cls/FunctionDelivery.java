package dev.logtally.source.cls;

/**
 * Where SCF delivers a function's logs, as {@code GetFunction} tells it.
 * @param topicId {@code ClsTopicId}; empty when the function delivers none (created before CLS delivery, or turned
 *     off)
 * @param logsetId {@code ClsLogsetId}, empty likewise
 */
record FunctionDelivery(String topicId, String logsetId) {

	boolean delivers() {
		return !this.topicId.isEmpty();
	}

}
