package dev.logtally.sandbox.legacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.logtally.source.scf.LegacySigner;

/**
 * Authenticates a legacy request by re-deriving its signature from the parameters that arrived, then guards against
 * replay. Checks run in this order: the SecretId exists (4104), the Timestamp is within five minutes of the clock
 * (4500), the signature matches (4100), the Nonce is new for this SecretId (4500), the Token fits the credential
 * (4105). A nonce is spent only by a correctly signed request, so forged requests cannot burn a client's nonces.
 *
 * <p>The host in the string to sign is whatever the client signed for, which the server cannot know for sure behind
 * a loopback address; a signature is accepted if it matches any of: the configured signing host, the {@code Host}
 * header as received, and that header without its port.
 */
final class LegacySignatureCheck {

	/** How far a request's Timestamp may be from the clock, either way; also how long a nonce stays used. */
	static final Duration MAX_SKEW = Duration.ofMinutes(5);

	private final Map<String, LegacyCredential> credentials;

	private final Clock clock;

	private final String signingHost;

	private final String path;

	private final RecentNonces nonces = new RecentNonces();

	LegacySignatureCheck(Map<String, LegacyCredential> credentials, Clock clock, String signingHost, String path) {
		this.credentials = Map.copyOf(credentials);
		this.clock = clock;
		this.signingHost = signingHost;
		this.path = path;
	}

	/**
	 * @param httpMethod {@code GET} or {@code POST}
	 * @param hostHeader the {@code Host} header, or {@code null}
	 * @param common the common parameters, already checked for form
	 * @param parameters every parameter received, {@code Signature} included
	 * @return the SecretId of an authentic request
	 * @throws LegacyError 4100, 4104, 4105 or 4500 otherwise
	 */
	String verify(String httpMethod, String hostHeader, CommonParameters common, Map<String, String> parameters) {
		LegacyCredential credential = this.credentials.get(common.secretId());
		if (credential == null) {
			throw LegacyError.secretIdNotFound(common.secretId());
		}
		long now = this.clock.instant().getEpochSecond();
		long skew = MAX_SKEW.toSeconds();
		if (common.timestamp() < now - skew || common.timestamp() > now + skew) {
			throw LegacyError.replay("the Timestamp `" + common.timestamp() + "` is more than " + MAX_SKEW.toMinutes()
					+ " minutes from the server time `" + now + "`");
		}
		LegacySigner.Method method = LegacySigner.methodOf(parameters);
		Set<String> hosts = hosts(hostHeader);
		byte[] received = common.signature().getBytes(StandardCharsets.UTF_8);
		boolean matches = false;
		for (String host : hosts) {
			String expected = LegacySigner.signature(credential.secretKey(), method,
					LegacySigner.stringToSign(httpMethod, host, this.path, parameters));
			// every candidate is computed and compared in constant time, so timing tells nothing about the key
			matches |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), received);
		}
		if (!matches) {
			throw LegacyError.authFailure("authentication failed: the Signature does not match a " + method.wireName()
					+ " signature of " + httpMethod + " " + this.path + " for host " + String.join(" or ", hosts));
		}
		if (!this.nonces.claim(common.secretId(), common.nonce(), common.timestamp() + skew, now)) {
			throw LegacyError.replay("the Nonce `" + common.nonce()
					+ "` was already used by this SecretId within the replay window");
		}
		if (!credential.tokenMatches(common.token())) {
			throw LegacyError.tokenFailure();
		}
		return common.secretId();
	}

	private Set<String> hosts(String hostHeader) {
		Set<String> hosts = new LinkedHashSet<>();
		hosts.add(this.signingHost);
		if (hostHeader != null && !hostHeader.isBlank()) {
			String host = hostHeader.trim();
			hosts.add(host);
			int colon = host.lastIndexOf(':');
			// an IPv6 literal's colons are inside brackets; only a colon after them starts a port
			if (colon > host.lastIndexOf(']')) {
				hosts.add(host.substring(0, colon));
			}
		}
		return hosts;
	}

}
