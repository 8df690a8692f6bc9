package dev.logtally.sandbox.sls;

import java.util.Objects;

/**
 * An AccessKey pair the emulator accepts, with the STS security token it then requires ({@code null} for a permanent
 * key, which must be used without one).
 */
record SlsCredential(String accessKeyId, String accessKeySecret, String securityToken) {

	SlsCredential {
		Objects.requireNonNull(accessKeyId, "accessKeyId");
		Objects.requireNonNull(accessKeySecret, "accessKeySecret");
	}

	boolean tokenMatches(String presented) {
		String given = (presented == null || presented.isEmpty()) ? null : presented;
		return Objects.equals(this.securityToken, given);
	}

	@Override
	public String toString() {
		return "SlsCredential[" + this.accessKeyId + "]";
	}

}
