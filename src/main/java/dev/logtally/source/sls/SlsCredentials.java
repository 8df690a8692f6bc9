package dev.logtally.source.sls;

import dev.logtally.jobspec.Secret;
import org.jspecify.annotations.Nullable;

/** Resolved Alibaba Cloud credentials; the AccessKeyId identifies, the secret and the STS token are secret. */
public record SlsCredentials(String accessKeyId, Secret accessKeySecret, @Nullable Secret securityToken) {

	@Override
	public String toString() {
		return "SlsCredentials[accessKeyId=" + this.accessKeyId + ", accessKeySecret=******]";
	}

}
