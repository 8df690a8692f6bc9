package dev.logtally.source.scf;

import java.util.List;
import java.util.Map;

import dev.logtally.jobspec.Secret;
import org.jspecify.annotations.Nullable;

/**
 * Resolved Tencent Cloud credentials. The SecretId identifies the account (and its rate budget) and is not secret on
 * its own; the key and the token are.
 */
public record ScfCredentials(String secretId, Secret secretKey, @Nullable Secret token) {

	/** The roles a Tencent source must give, for both APIs. */
	static final List<String> REQUIRED = List.of("secretId", "secretKey");

	/** The roles a Tencent source may give: a temporary credential's token. */
	static final List<String> OPTIONAL = List.of("token");

	/** The credentials of a source's resolved secrets, by role. */
	static ScfCredentials of(Map<String, Secret> secrets) {
		return new ScfCredentials(secrets.get("secretId").reveal(), secrets.get("secretKey"), secrets.get("token"));
	}

	/** Tencent limits the account, whichever API is asked: both draw from the SecretId's budget. */
	static String accountKey(Map<String, Secret> secrets) {
		return "tencent:" + secrets.get("secretId").reveal();
	}

	@Override
	public String toString() {
		return "ScfCredentials[secretId=" + this.secretId + ", secretKey=******]";
	}

}
