package dev.logtally.source.rds;

import dev.logtally.jobspec.Secret;
import org.jspecify.annotations.Nullable;

/** Resolved Huawei Cloud AK/SK credentials; the AK identifies, the SK and the STS token are secret. */
public record RdsCredentials(String accessKey, Secret secretKey, @Nullable Secret securityToken) {

	@Override
	public String toString() {
		return "RdsCredentials[accessKey=" + this.accessKey + ", secretKey=******]";
	}

}
