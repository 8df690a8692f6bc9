package dev.logtally.scaleout;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a manager sends a worker for one partition: the name of the step to run and the id of its step execution in
 * the shared job repository, as a JSON text message (not a serialized Java object, which a broker and a worker would
 * have to trust). Everything else the worker needs is in that step execution: the window, its checkpoint, and the job
 * parameters with the spec's hash.
 *
 * @param step the worker step's name
 * @param stepExecution the step execution's id
 */
record PartitionMessage(String step, long stepExecution) {

	/**
	 * The JMS property that keeps messages of one group on one consumer (an Artemis message group): it holds the
	 * partition's rate group, so that every window drawing on one account's rate budget runs in one worker.
	 */
	static final String GROUP_PROPERTY = "JMSXGroupID";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	String toJson() {
		return JSON.writeValueAsString(this);
	}

	/** @throws IllegalArgumentException naming the queue, for a message that is not a partition request */
	static PartitionMessage fromJson(String text, String queue) {
		try {
			PartitionMessage message = JSON.readValue(text, PartitionMessage.class);
			if (message.step() == null || message.step().isBlank() || message.stepExecution() <= 0) {
				throw new IllegalArgumentException("a message on queue " + queue
						+ " is not a partition request: it names no step or step execution");
			}
			return message;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("a message on queue " + queue + " is not a partition request: "
					+ ex.getOriginalMessage());
		}
	}

}
