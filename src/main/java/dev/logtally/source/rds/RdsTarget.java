package dev.logtally.source.rds;

import java.util.Map;
import java.util.Set;

import dev.logtally.jobspec.SpecNode;
import dev.logtally.jobspec.TargetSpec;
import org.jspecify.annotations.Nullable;

/** An RDS instance whose audit logs are exported. */
public record RdsTarget(String id, String instance) implements TargetSpec {

	@Override
	public Map<String, String> parameters() {
		return Map.of("instance", this.instance);
	}

	/**
	 * Reads an RDS target of a job spec, reporting each problem on its field.
	 * @return {@code null} when it is not valid
	 */
	static @Nullable RdsTarget read(SpecNode target) {
		target.rejectUnknownFields(Set.of("id", "instance"));
		String instance = target.field("instance").text(true);
		if (instance != null && !RdsOptions.ID.matcher(instance).matches()) {
			target.field("instance").problem("\"" + instance + "\" is not an RDS instance id (letters and digits)");
			instance = null;
		}
		String id = target.field("id").isMissing() ? instance : target.field("id").name();
		return id == null || instance == null ? null : new RdsTarget(id, instance);
	}

}
