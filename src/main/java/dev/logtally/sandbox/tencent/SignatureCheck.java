package dev.logtally.sandbox.tencent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;

import dev.logtally.source.tencent.Tc3Signer;

/**
 * Verifies a {@code TC3-HMAC-SHA256} request by re-deriving its signature from what arrived on the wire: the service
 * from the credential scope, header values (including {@code Host} with its port) as received, and the raw query
 * string. Hard-coding {@code scf} or re-encoding the query would reject the official Java SDK, which signs with
 * service {@code 127} against {@code 127.0.0.1:PORT} and does not sort its query string. Every API 3.0 emulator
 * (SCF, CLS) uses it.
 */
public final class SignatureCheck {

	/** How far a request's {@code X-TC-Timestamp} may be from the server's clock. */
	public static final Duration MAX_SKEW = Duration.ofMinutes(5);

	private static final Pattern AUTHORIZATION = Pattern.compile("TC3-HMAC-SHA256 Credential=([^/\\s,]+)/([^/\\s,]+)/"
			+ "([^/\\s,]+)/tc3_request,\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");

	private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	private final Map<String, Api3Credential> credentials;

	private final Clock clock;

	public SignatureCheck(Map<String, Api3Credential> credentials, Clock clock) {
		this.credentials = Map.copyOf(credentials);
		this.clock = clock;
	}

	/**
	 * @return the SecretId of a correctly signed request
	 * @throws ApiError with an {@code AuthFailure.*} code otherwise
	 */
	public String verify(String method, String rawQuery, Headers headers, byte[] body) {
		Matcher authorization = AUTHORIZATION.matcher(headers.getFirst("Authorization"));
		if (!authorization.matches()) {
			throw new ApiError("AuthFailure.InvalidAuthorization",
					"Authorization header is not of the form `TC3-HMAC-SHA256 Credential=.../tc3_request, "
							+ "SignedHeaders=..., Signature=...`.");
		}
		String secretId = authorization.group(1);
		String scopeDate = authorization.group(2);
		String service = authorization.group(3);
		List<String> signedHeaders = Arrays.asList(authorization.group(4).split(";", -1));
		String signature = authorization.group(5);
		long timestamp = timestamp(headers.getFirst("X-TC-Timestamp"));
		Api3Credential credential = this.credentials.get(secretId);
		if (credential == null) {
			throw new ApiError("AuthFailure.SecretIdNotFound",
					"The SecretId is not found, please ensure that your SecretId is correct.");
		}
		long now = this.clock.instant().getEpochSecond();
		if (timestamp < now - MAX_SKEW.toSeconds() || timestamp > now + MAX_SKEW.toSeconds()) {
			throw new ApiError("AuthFailure.SignatureExpire", "Signature expired. Timestamp comparisons failed, "
					+ "server time `" + now + "`, request time `" + timestamp + "`.");
		}
		if (!scopeDate.equals(utcDate(timestamp))) {
			throw new ApiError("AuthFailure.SignatureFailure", "The credential scope date `" + scopeDate
					+ "` is not the UTC date of X-TC-Timestamp `" + timestamp + "`.");
		}
		if (!signedHeaders.contains("content-type") || !signedHeaders.contains("host")) {
			throw new ApiError("AuthFailure.InvalidAuthorization",
					"SignedHeaders must include `content-type` and `host`.");
		}
		Map<String, String> signed = new LinkedHashMap<>();
		for (String name : signedHeaders) {
			String value = headers.getFirst(name);
			if (value == null) {
				throw signatureFailure();
			}
			signed.put(name, value);
		}
		byte[] payload = UNSIGNED_PAYLOAD.equalsIgnoreCase(headers.getFirst("X-TC-Content-SHA256"))
				? UNSIGNED_PAYLOAD.getBytes(StandardCharsets.US_ASCII) : body;
		String canonicalQuery = "GET".equals(method) && rawQuery != null ? rawQuery : "";
		Tc3Signer.Signature expected = Tc3Signer.sign(credential.secretKey(),
				new Tc3Signer.Input(method, canonicalQuery, signed, payload, service, timestamp));
		// the signed-header list is part of the canonical request: another order means another signature
		boolean sameHeaders = expected.signedHeaders().equals(authorization.group(4));
		boolean sameSignature = MessageDigest.isEqual(expected.signature().getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
		if (!sameHeaders || !sameSignature) {
			throw signatureFailure();
		}
		String token = headers.getFirst("X-TC-Token");
		if (!credential.tokenMatches(token)) {
			throw new ApiError("AuthFailure.TokenFailure", "The provided token is invalid.");
		}
		return secretId;
	}

	private static long timestamp(String text) {
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiError.invalidValue("InvalidParameterValue", "X-TC-Timestamp", text);
		}
	}

	private static String utcDate(long timestamp) {
		try {
			return LocalDate.ofInstant(Instant.ofEpochSecond(timestamp), ZoneOffset.UTC).toString();
		}
		catch (DateTimeException ex) {
			return "";
		}
	}

	private static ApiError signatureFailure() {
		return new ApiError("AuthFailure.SignatureFailure",
				"The provided credentials could not be validated. Please check your signature is correct.");
	}

}
