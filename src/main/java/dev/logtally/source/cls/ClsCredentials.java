package dev.logtally.source.cls;

import java.util.List;
import java.util.Map;

import dev.logtally.jobspec.Secret;
import org.jspecify.annotations.Nullable;

/**
 * Resolved Tencent Cloud credentials for CLS. The SecretId identifies the account (and its rate budget) and is not
 * secret on its own; the key and the token are.
 */
public record ClsCredentials(String secretId, Secret secretKey, @Nullable Secret token) {

	static final List<String> REQUIRED = List.of("secretId", "secretKey");

	static final List<String> OPTIONAL = List.of("token");

	/** The credentials of a source's resolved secrets, by role. */
	static ClsCredentials of(Map<String, Secret> secrets) {
		return new ClsCredentials(secrets.get("secretId").reveal(), secrets.get("secretKey"), secrets.get("token"));
	}

	/**
	 * Tencent limits the account, whichever API is asked: the same key as SCF's sources, so the SCF and CLS sources of
	 * one account draw from one budget.
	 */
	static String accountKey(Map<String, Secret> secrets) {
		return "tencent:" + secrets.get("secretId").reveal();
	}

	@Override
	public String toString() {
		return "ClsCredentials[secretId=" + this.secretId + ", secretKey=******]";
	}

}
