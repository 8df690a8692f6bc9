package dev.logtally.sandbox.legacy;

import java.util.Objects;

/**
 * A key pair the emulator accepts, with the temporary-credential token it then requires ({@code null} for a
 * permanent key, which must be used without a token).
 */
record LegacyCredential(String secretId, String secretKey, String token) {

	LegacyCredential {
		Objects.requireNonNull(secretId, "secretId");
		Objects.requireNonNull(secretKey, "secretKey");
		if (secretId.isEmpty() || secretKey.isEmpty()) {
			throw new IllegalArgumentException("secretId and secretKey must not be empty");
		}
		if (token != null && token.isEmpty()) {
			throw new IllegalArgumentException("a token must not be empty; use null for a permanent key");
		}
	}

	boolean tokenMatches(String presented) {
		String given = (presented == null || presented.isEmpty()) ? null : presented;
		return Objects.equals(this.token, given);
	}

	@Override
	public String toString() {
		return "LegacyCredential[" + this.secretId + "]";
	}

}
