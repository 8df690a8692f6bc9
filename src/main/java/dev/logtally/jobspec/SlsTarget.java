package dev.logtally.jobspec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An SLS logstore to export, optionally narrowed by topic and a search statement (no SQL analytics).
 * @param topic the {@code topic} parameter, or {@code null} for every topic
 * @param query the search statement, {@code *} for every log
 */
public record SlsTarget(String id, String logstore, @Nullable String topic, String query) implements TargetSpec {

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

}
