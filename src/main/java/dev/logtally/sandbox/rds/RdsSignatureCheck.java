package dev.logtally.sandbox.rds;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.Headers;

import dev.logtally.source.rds.HuaweiSigner;

/**
 * Verifies an {@code SDK-HMAC-SHA256} request by re-deriving its signature from what arrived on the wire: the headers
 * named in {@code SignedHeaders} with their received values ({@code host} including the port), the received path and
 * the received query, decoded and encoded again canonically. Clients differ in what they sign (the Java SDK signs
 * {@code x-project-id} and more), so nothing but {@code x-sdk-date} is required.
 *
 * <p>Checks run in this order, each answered with 401 {@code APIGW.0301}: an {@code Authorization} header in the
 * {@code SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..} form, {@code x-sdk-date} among the signed headers,
 * an {@code X-Sdk-Date} header in {@code yyyyMMdd'T'HHmmss'Z'} form within {@link #MAX_SKEW} of the clock, a known AK,
 * the signature, and the security token: a temporary credential needs a signed {@code X-Security-Token} equal to its
 * token, a permanent one must come without.
 */
final class RdsSignatureCheck {

	/** How far {@code X-Sdk-Date} may be from the server's clock (the API gateway's usual tolerance). */
	static final Duration MAX_SKEW = Duration.ofMinutes(15);

	private static final String PREFIX = HuaweiSigner.ALGORITHM + " ";

	private static final String SECURITY_TOKEN = "x-security-token";

	private final Map<String, RdsCredential> credentials;

	private final Clock clock;

	RdsSignatureCheck(Map<String, RdsCredential> credentials, Clock clock) {
		this.credentials = Map.copyOf(credentials);
		this.clock = clock;
	}

	/**
	 * @param path the decoded request path
	 * @param rawQuery the query exactly as received, {@code null} for none
	 * @return the AK of a correctly signed request
	 * @throws RdsError otherwise
	 */
	String verify(String method, String path, String rawQuery, Headers headers, byte[] body) {
		String authorization = headers.getFirst("Authorization");
		if (authorization == null || authorization.isBlank()) {
			// without AK/SK the gateway tries the request as token authentication
			throw RdsError.unauthenticated("decrypt token fail");
		}
		Map<String, String> fields = authorizationFields(authorization);
		String accessKey = fields.get("Access");
		String signedHeaders = fields.get("SignedHeaders");
		String signature = fields.get("Signature");
		List<String> signed = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
		if (!signed.contains("x-sdk-date")) {
			throw RdsError.unauthenticated("x-sdk-date is not among the SignedHeaders " + signedHeaders);
		}
		String sdkDate = headers.getFirst(HuaweiSigner.X_SDK_DATE);
		if (sdkDate == null) {
			throw RdsError.unauthenticated("the X-Sdk-Date header is missing");
		}
		checkSkew(sdkDate);
		RdsCredential credential = this.credentials.get(accessKey);
		if (credential == null) {
			throw RdsError.unauthenticated("Get secretKey failed,ak:" + accessKey + ",err:ak not exist");
		}
		Map<String, String> signedValues = new LinkedHashMap<>();
		for (String name : signed) {
			if (!name.isEmpty()) {
				// a header named as signed but not sent cannot have been signed with its value; "" fails the check
				String value = headers.getFirst(name);
				signedValues.put(name, (value != null) ? value : "");
			}
		}
		String expected = HuaweiSigner
			.sign(credential.secretKey(), sdkDate, new HuaweiSigner.Input(method, path, query(rawQuery), signedValues,
					body))
			.signature();
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII))) {
			throw RdsError.unauthenticated("verify aksk signature fail");
		}
		String token = headers.getFirst(SECURITY_TOKEN);
		if (credential.securityToken() == null) {
			if (token != null) {
				throw RdsError.unauthenticated("a permanent AK must not come with X-Security-Token");
			}
		}
		else if (token == null || !signed.contains(SECURITY_TOKEN)
				|| !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
						credential.securityToken().getBytes(StandardCharsets.UTF_8))) {
			throw RdsError.unauthenticated("verify security token fail");
		}
		return accessKey;
	}

	/**
	 * The received query, decoded as a form would be ({@code +} is a space), names to values in arrival order.
	 * @throws RdsError 400 {@code DBS.200001} for a malformed percent escape
	 */
	static Map<String, List<String>> query(String rawQuery) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return params;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			try {
				String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
				String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				params.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
			catch (IllegalArgumentException ex) {
				throw RdsError.parameter("The query string contains a malformed percent escape: " + pair);
			}
		}
		return Collections.unmodifiableMap(params);
	}

	private void checkSkew(String sdkDate) {
		Instant sent;
		try {
			sent = HuaweiSigner.parseSdkDate(sdkDate.trim());
		}
		catch (DateTimeException ex) {
			throw RdsError.unauthenticated("X-Sdk-Date " + sdkDate + " is not in yyyyMMdd'T'HHmmss'Z' format");
		}
		Instant now = this.clock.instant();
		if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
			throw RdsError.unauthenticated("signature expired, X-Sdk-Date " + sdkDate
					+ " is more than 15 minutes from the server time " + HuaweiSigner.sdkDate(now));
		}
	}

	/** {@code SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex}: the three fields, all required. */
	private static Map<String, String> authorizationFields(String authorization) {
		if (!authorization.startsWith(PREFIX)) {
			throw RdsError.unauthenticated("the Authorization header does not start with " + PREFIX.trim());
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (String part : authorization.substring(PREFIX.length()).split(",")) {
			int equals = part.indexOf('=');
			if (equals > 0) {
				fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
			}
		}
		for (String required : List.of("Access", "SignedHeaders", "Signature")) {
			String value = fields.get(required);
			if (value == null || value.isEmpty()) {
				throw RdsError.unauthenticated("the Authorization header has no " + required);
			}
		}
		return fields;
	}

}
