package dev.logtally.source.scf;

import dev.logtally.jobspec.Secret;
import org.jspecify.annotations.Nullable;

/**
 * Resolved Tencent Cloud credentials. The SecretId identifies the account (and its rate budget) and is not secret on
 * its own; the key and the token are.
 */
public record ScfCredentials(String secretId, Secret secretKey, @Nullable Secret token) {

	@Override
	public String toString() {
		return "ScfCredentials[secretId=" + this.secretId + ", secretKey=******]";
	}

}
