package dev.logtally.source.scf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.logtally.jobspec.SpecNode;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.source.tencent.ScfNames;
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

	private static final Set<String> RET_CODES = Set.of("is0", "not0", "TimeLimitExceeded", "ResourceLimitExceeded",
			"UserCodeException");

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

	/**
	 * Reads an SCF target of a job spec, reporting each problem on its field.
	 * @return {@code null} when it is not valid
	 */
	static @Nullable ScfTarget read(SpecNode target) {
		target.rejectUnknownFields(Set.of("id", "function", "namespace", "qualifier", "retCode"));
		String function = ScfNames.function(target.field("function"));
		String namespace = ScfNames.namespace(target.field("namespace"));
		String qualifier = target.field("qualifier").text(false);
		String retCode = target.field("retCode").text(false);
		if (retCode != null && !RET_CODES.contains(retCode)) {
			target.field("retCode").problem("\"" + retCode + "\" is not one of: "
					+ String.join(", ", RET_CODES.stream().sorted().toList()));
		}
		String id = target.field("id").isMissing() ? function : target.field("id").name();
		return id == null || function == null || namespace == null ? null
				: new ScfTarget(id, function, namespace, qualifier, retCode);
	}

	/**
	 * Reads a target of the legacy API, which knows neither namespaces nor qualifiers: only the default namespace's
	 * functions.
	 */
	static @Nullable ScfTarget readLegacy(SpecNode target) {
		target.rejectUnknownFields(Set.of("id", "function", "retCode"));
		return read(target);
	}

}
