package dev.logtally.jobspec;

import java.util.Map;

/** An RDS instance whose audit logs are exported. */
public record RdsTarget(String id, String instance) implements TargetSpec {

	@Override
	public Map<String, String> parameters() {
		return Map.of("instance", this.instance);
	}

}
