package dev.logtally.source.cls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.logtally.jobspec.SpecNode;
import dev.logtally.jobspec.TargetSpec;
import org.jspecify.annotations.Nullable;

/**
 * A CLS topic to export, optionally narrowed by a CQL search statement (no SQL analytics); also what a
 * {@link ClsFunctionTarget} is read as once its topic is known.
 * @param topic the TopicId (a UUID in Tencent's consoles)
 * @param query the CQL search statement, {@code *} for every log
 * @param exactFields fields every log read must hold with exactly these values (a function's SCF fields), because CLS
 *     may match a statement's values as text: {@code order-api} also finds {@code order-api-canary}
 */
public record ClsTarget(String id, String topic, String query, Map<String, String> exactFields) implements TargetSpec {

	public ClsTarget {
		exactFields = Map.copyOf(exactFields);
	}

	/** A topic, narrowed by {@code query} alone. */
	public ClsTarget(String id, String topic, String query) {
		this(id, topic, query, Map.of());
	}

	/** Letters, digits and hyphens: a UUID, leniently. Starting with a letter or digit, so it is also a valid id. */
	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

	/** CLS refuses longer statements. */
	static final int MAX_QUERY = 12_000;

	/** The same target read on another topic. */
	ClsTarget onTopic(String topicId) {
		return new ClsTarget(this.id, topicId, this.query, this.exactFields);
	}

	@Override
	public Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("topic", this.topic);
		parameters.put("query", this.query);
		return parameters;
	}

	/**
	 * The TopicId of {@code node}, reporting a problem on it when it is missing or not a TopicId.
	 * @return {@code null} when it is not valid
	 */
	static @Nullable String topic(SpecNode node) {
		String topic = node.text(true);
		if (topic != null && !TOPIC.matcher(topic).matches()) {
			node.problem("\"" + topic + "\" is not a CLS TopicId "
					+ "(1-64 letters, digits and hyphens, e.g. 0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d)");
			return null;
		}
		return topic;
	}

	/**
	 * Reads a CLS target of a job spec, reporting each problem on its field.
	 * @return {@code null} when it is not valid
	 */
	static @Nullable ClsTarget read(SpecNode target) {
		target.rejectUnknownFields(Set.of("id", "topic", "query"));
		String topic = topic(target.field("topic"));
		String query = target.field("query").text("*");
		if (query.contains("|")) {
			target.field("query").problem("SQL analytics (\"| ...\") are not exported: an analytic result has no "
					+ "count DescribeLogHistogram can confirm; give a CQL search statement only");
		}
		else if (query.length() > MAX_QUERY) {
			target.field("query").problem("is " + query.length() + " characters long; CLS takes at most " + MAX_QUERY);
		}
		String id = target.field("id").isMissing() ? topic : target.field("id").name();
		return id == null || topic == null ? null : new ClsTarget(id, topic, query);
	}

}
