package dev.logtally.sandbox.sls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.Headers;

import dev.logtally.source.sls.SlsSigner;

/**
 * Verifies an SLS v1 ({@code hmac-sha1}) request by re-deriving the signature from what arrived on the wire:
 * {@code Content-Type} exactly as sent (the Java SDK signs {@code application/x-protobuf} even on GET, the Python SDK
 * sends none), every LOG header except {@code x-log-date}, the path as received and the decoded query parameters.
 *
 * <p>Checks run in this order, each with its documented error: required headers ({@code MissingAPIVersion},
 * {@code MissingSignatureMethod}, {@code MissingDate}, {@code MissAccessKeyId}), their values
 * ({@code InvalidAPIVersion}, {@code InvalidSignatureMethod}, {@code InvalidDateFormat}), the clock skew
 * ({@code RequestTimeExpired}), the AccessKeyId ({@code Unauthorized}), {@code Content-MD5} against the body, the
 * signature ({@code SignatureNotMatch}) and finally the STS token ({@code Unauthorized}).
 */
final class SlsSignatureCheck {

	/** How far the request's {@code Date} may be from the server's clock. */
	static final Duration MAX_SKEW = Duration.ofMinutes(15);

	/** {@code 0.6.0} is what both SDKs send; {@code 0.4.0} still appears in the documentation's samples. */
	private static final Set<String> API_VERSIONS = Set.of("0.6.0", "0.4.0");

	private final Map<String, SlsCredential> credentials;

	private final Clock clock;

	SlsSignatureCheck(Map<String, SlsCredential> credentials, Clock clock) {
		this.credentials = Map.copyOf(credentials);
		this.clock = clock;
	}

	/**
	 * @param path the request path as received (for an absolute-form target, its path)
	 * @param queryParams the decoded query parameters
	 * @return the AccessKeyId of a correctly signed request
	 * @throws SlsError otherwise
	 */
	String verify(String method, String path, Map<String, String> queryParams, Headers headers, byte[] body) {
		String apiVersion = headers.getFirst("x-log-apiversion");
		if (apiVersion == null) {
			throw SlsError.badRequest("MissingAPIVersion", "The x-log-apiversion header is missing.");
		}
		String signatureMethod = headers.getFirst("x-log-signaturemethod");
		if (signatureMethod == null) {
			throw SlsError.badRequest("MissingSignatureMethod", "The x-log-signaturemethod header is missing.");
		}
		String date = (headers.getFirst("Date") != null) ? headers.getFirst("Date") : headers.getFirst("x-log-date");
		if (date == null) {
			throw SlsError.badRequest("MissingDate", "The Date header is missing.");
		}
		String authorization = headers.getFirst("Authorization");
		if (authorization == null || authorization.isBlank()) {
			throw SlsError.badRequest("MissAccessKeyId", "The Authorization header is missing.");
		}
		if (!API_VERSIONS.contains(apiVersion)) {
			throw SlsError.badRequest("InvalidAPIVersion", "The API version " + apiVersion + " is not supported.");
		}
		if (!SlsSigner.SIGNATURE_METHOD.equals(signatureMethod)) {
			throw SlsError.badRequest("InvalidSignatureMethod",
					"The signature method " + signatureMethod + " is not supported, use hmac-sha1.");
		}
		checkSkew(date);
		if (!authorization.startsWith("LOG ") || authorization.indexOf(':') < 0) {
			throw new SlsError(401, "Unauthorized", "The Authorization header is not of the form LOG <id>:<signature>.");
		}
		String accessKeyId = authorization.substring(4, authorization.indexOf(':')).trim();
		String signature = authorization.substring(authorization.indexOf(':') + 1).trim();
		SlsCredential credential = this.credentials.get(accessKeyId);
		if (credential == null) {
			throw new SlsError(401, "Unauthorized", "AccessKeyId not found: " + accessKeyId);
		}
		String contentMd5 = headers.getFirst("Content-MD5");
		if (body.length > 0 && !SlsSigner.contentMd5(body).equals(contentMd5)) {
			throw SlsError.badRequest("InvalidContentMD5",
					"The Content-MD5 " + contentMd5 + " is not the upper-case hex MD5 of the body.");
		}
		String expected = SlsSigner.signature(credential.accessKeySecret(), new SlsSigner.Input(method,
				(contentMd5 != null) ? contentMd5 : "", headers.getFirst("Content-Type"), date, firstValues(headers),
				path, queryParams));
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII))) {
			throw new SlsError(401, "SignatureNotMatch", "Signature " + signature + " not matched.");
		}
		if (!credential.tokenMatches(headers.getFirst("x-acs-security-token"))) {
			throw new SlsError(401, "Unauthorized", "The security token you provided is invalid.");
		}
		return accessKeyId;
	}

	private void checkSkew(String date) {
		Instant sent;
		try {
			sent = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			throw SlsError.badRequest("InvalidDateFormat", "The Date " + date + " is not in RFC 822 format.");
		}
		Instant now = this.clock.instant();
		if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
			throw SlsError.badRequest("RequestTimeExpired", "Request time " + date
					+ " is more than 15 minutes away from the server time " + DateTimeFormatter.RFC_1123_DATE_TIME
						.format(now.atOffset(ZoneOffset.UTC)) + ".");
		}
	}

	/** Header names as the server normalised them; the signer lower-cases them anyway. */
	private static Map<String, String> firstValues(Headers headers) {
		Map<String, String> first = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			if (!header.getValue().isEmpty()) {
				first.put(header.getKey(), header.getValue().get(0));
			}
		}
		return first;
	}

}
