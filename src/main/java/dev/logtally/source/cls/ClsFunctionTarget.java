package dev.logtally.source.cls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.logtally.jobspec.SpecNode;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.source.tencent.ScfNames;
import org.jspecify.annotations.Nullable;

/**
 * An SCF function whose logs SCF delivers to a CLS topic: read as the topic's logs of that function, selected by the
 * fields SCF writes into every log ({@link #query()}).
 * @param function the function name
 * @param namespace the namespace ({@code default} unless set)
 * @param qualifier the version or alias whose logs alone are read, or {@code null} for every version's
 * @param topic the TopicId the function delivers to, or {@code null} to ask SCF {@code GetFunction} once per run
 */
public record ClsFunctionTarget(String id, String function, String namespace, @Nullable String qualifier,
		@Nullable String topic) implements TargetSpec {

	/** {@code $LATEST}, a version number or an alias name. */
	private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	/**
	 * The CQL statement that selects the function's logs on its topic. The names are validated, so the quoting is
	 * belt and braces: a quote or backslash could not end the value early.
	 */
	public String query() {
		String query = "SCF_FunctionName:" + quoted(this.function) + " AND SCF_Namespace:" + quoted(this.namespace);
		return this.qualifier == null ? query : query + " AND SCF_Qualifier:" + quoted(this.qualifier);
	}

	/** The target as it is read: the topic's logs of the function, on {@code topicId}. */
	ClsTarget on(String topicId) {
		Map<String, String> exact = new LinkedHashMap<>();
		exact.put("SCF_FunctionName", this.function);
		exact.put("SCF_Namespace", this.namespace);
		if (this.qualifier != null) {
			exact.put("SCF_Qualifier", this.qualifier);
		}
		return new ClsTarget(this.id, topicId, query(), exact);
	}

	@Override
	public Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("function", this.function);
		parameters.put("namespace", this.namespace);
		if (this.qualifier != null) {
			parameters.put("qualifier", this.qualifier);
		}
		if (this.topic != null) {
			parameters.put("topic", this.topic);
		}
		parameters.put("query", query());
		return parameters;
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * Reads a {@code function:} target of a job spec, reporting each problem on its field.
	 * @return {@code null} when it is not valid
	 */
	static @Nullable ClsFunctionTarget read(SpecNode target) {
		target.rejectUnknownFields(Set.of("id", "function", "namespace", "qualifier", "topic"));
		String function = ScfNames.function(target.field("function"));
		String namespace = ScfNames.namespace(target.field("namespace"));
		String qualifier = target.field("qualifier").text(false);
		if (qualifier != null && !QUALIFIER.matcher(qualifier).matches()) {
			target.field("qualifier").problem("\"" + qualifier + "\" is not an SCF version or alias "
					+ "($LATEST, a version number, or an alias name of letters, digits, - and _)");
			qualifier = null;
		}
		boolean badQualifier = qualifier == null && !target.field("qualifier").isMissing();
		String topic = null;
		boolean badTopic = false;
		if (!target.field("topic").isMissing()) {
			topic = ClsTarget.topic(target.field("topic"));
			badTopic = topic == null;
		}
		String id = target.field("id").isMissing() ? function : target.field("id").name();
		return id == null || function == null || namespace == null || badQualifier || badTopic ? null
				: new ClsFunctionTarget(id, function, namespace, qualifier, topic);
	}

}
