package dev.logtally.source.sls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.logtally.jobspec.SpecNode;
import dev.logtally.jobspec.TargetSpec;
import org.jspecify.annotations.Nullable;

/**
 * An SLS logstore to export, optionally narrowed by topic and a search statement (no SQL analytics).
 * @param topic the {@code topic} parameter, or {@code null} for every topic
 * @param query the search statement, {@code *} for every log
 */
public record SlsTarget(String id, String logstore, @Nullable String topic, String query) implements TargetSpec {

	/** Alibaba's rule for logstore names. */
	private static final Pattern LOGSTORE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]");

	@Override
	public Map<String, String> parameters() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("logstore", this.logstore);
		if (this.topic != null) {
			query.put("topic", this.topic);
		}
		query.put("query", this.query);
		return query;
	}

	/**
	 * Reads an SLS target of a job spec, reporting each problem on its field.
	 * @return {@code null} when it is not valid
	 */
	static @Nullable SlsTarget read(SpecNode target) {
		target.rejectUnknownFields(Set.of("id", "logstore", "topic", "query"));
		String logstore = target.field("logstore").text(true);
		if (logstore != null && !LOGSTORE.matcher(logstore).matches()) {
			target.field("logstore").problem("\"" + logstore + "\" is not an SLS logstore name "
					+ "(2-63 lower-case letters, digits, - or _, starting and ending with a letter or digit)");
			logstore = null;
		}
		String topic = target.field("topic").text(false);
		String query = target.field("query").text("*");
		if (query.contains("|")) {
			target.field("query").problem("SQL analytics (\"| ...\") are not exported: an analytic result has no "
					+ "count GetHistograms can confirm; give a search statement only");
		}
		String id = target.field("id").isMissing() ? logstore : target.field("id").name();
		return id == null || logstore == null ? null : new SlsTarget(id, logstore, topic, query);
	}

}
