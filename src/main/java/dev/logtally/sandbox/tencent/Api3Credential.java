package dev.logtally.sandbox.tencent;

import java.util.Objects;

/**
 * A key pair the emulator accepts, with the temporary-credential token it then requires ({@code null} for a
 * permanent key, which must be used without a token). Any API 3.0 service (SCF, CLS) holds its keys so.
 */
public record Api3Credential(String secretId, String secretKey, String token) {

	public Api3Credential {
		Objects.requireNonNull(secretId, "secretId");
		Objects.requireNonNull(secretKey, "secretKey");
	}

	boolean tokenMatches(String presented) {
		String given = (presented == null || presented.isEmpty()) ? null : presented;
		return Objects.equals(this.token, given);
	}

	@Override
	public String toString() {
		return "Api3Credential[" + this.secretId + "]";
	}

}
