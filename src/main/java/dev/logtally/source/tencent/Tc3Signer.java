package dev.logtally.source.tencent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud API 3.0 request signing, {@code TC3-HMAC-SHA256}.
 *
 * <p>Both sides use it: the SCF client signs, the sandbox emulator re-derives the signature from what arrived on the
 * wire. Invariants that real SDKs depend on: the credential date is the <em>UTC</em> date of the timestamp; canonical
 * header names and values are lower-cased and trimmed; the canonical query string is used exactly as sent (the Java
 * SDK does not sort it).
 */
public final class Tc3Signer {

	public static final String ALGORITHM = "TC3-HMAC-SHA256";

	private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

	private Tc3Signer() {
	}

	/**
	 * What a signature covers.
	 * @param method {@code POST} or {@code GET}
	 * @param canonicalQuery the query string as sent ({@code ""} for POST)
	 * @param headers the signed headers, name to value, as sent (names in any case)
	 * @param payload the request body
	 * @param service the service in the credential scope ({@code scf})
	 * @param timestamp {@code X-TC-Timestamp}, Unix seconds
	 */
	public record Input(String method, String canonicalQuery, Map<String, String> headers, byte[] payload,
			String service, long timestamp) {
	}

	/**
	 * The result of signing, with its intermediate forms (the official vectors publish them).
	 */
	public record Signature(String canonicalRequest, String stringToSign, String credentialScope,
			String signedHeaders, String signature) {

		/** The {@code Authorization} header value. */
		public String authorization(String secretId) {
			return ALGORITHM + " Credential=" + secretId + "/" + this.credentialScope + ", SignedHeaders="
					+ this.signedHeaders + ", Signature=" + this.signature;
		}

	}

	public static Signature sign(String secretKey, Input input) {
		SortedMap<String, String> canonical = new TreeMap<>();
		input.headers()
			.forEach((name, value) -> canonical.put(name.trim().toLowerCase(Locale.ROOT),
					value.trim().toLowerCase(Locale.ROOT)));
		String canonicalHeaders = canonical.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + ":" + entry.getValue() + "\n")
			.collect(Collectors.joining());
		String signedHeaders = String.join(";", canonical.keySet());
		String canonicalRequest = input.method() + "\n/\n" + input.canonicalQuery() + "\n" + canonicalHeaders + "\n"
				+ signedHeaders + "\n" + sha256Hex(input.payload());
		String date = DATE.format(Instant.ofEpochSecond(input.timestamp()));
		String scope = date + "/" + input.service() + "/tc3_request";
		String stringToSign = ALGORITHM + "\n" + input.timestamp() + "\n" + scope + "\n"
				+ sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
		byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
		byte[] secretService = hmac(secretDate, input.service());
		byte[] secretSigning = hmac(secretService, "tc3_request");
		String signature = HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
		return new Signature(canonicalRequest, stringToSign, scope, signedHeaders, signature);
	}

	public static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] hmac(byte[] key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
