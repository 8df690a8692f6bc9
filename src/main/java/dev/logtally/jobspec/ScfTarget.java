package dev.logtally.jobspec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An SCF function to export.
 * @param function the function name
 * @param namespace the namespace ({@code default} unless set)
 * @param qualifier the version or alias, or {@code null} to let the API choose
 * @param retCode the RetCode filter ({@code is0}, {@code not0}, ...), or {@code null} for every log
 */
public record ScfTarget(String id, String function, String namespace, @Nullable String qualifier,
		@Nullable String retCode) implements TargetSpec {

	@Override
	public Map<String, String> parameters() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("function", this.function);
		query.put("namespace", this.namespace);
		if (this.qualifier != null) {
			query.put("qualifier", this.qualifier);
		}
		if (this.retCode != null) {
			query.put("retCode", this.retCode);
		}
		return query;
	}

}
