package dev.logtally.sandbox.rds;

import java.util.Objects;

/**
 * An AK/SK pair the emulator accepts, with the security token of a temporary credential ({@code null} for a permanent
 * one, which must be used without a token).
 */
record RdsCredential(String accessKey, String secretKey, String securityToken) {

	RdsCredential {
		Objects.requireNonNull(accessKey, "accessKey");
		Objects.requireNonNull(secretKey, "secretKey");
	}

	@Override
	public String toString() {
		return "RdsCredential[" + this.accessKey + "]";
	}

}
