package dev.logtally.source.rds;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei Cloud API Gateway AK/SK request signing, {@code SDK-HMAC-SHA256}.
 *
 * <p>Both sides use it: the RDS client signs, the sandbox emulator re-derives the signature from what arrived on the
 * wire. Invariants real SDKs and the gateway depend on:
 * <ul>
 * <li>the canonical URI encodes every path segment and ends with {@code /} (forgetting the slash is the most common
 * cause of {@code APIGW.0301}); the root stays {@code /};</li>
 * <li>the canonical query is built from <em>decoded</em> names and values, encoded again with {@link #encode}, so
 * {@code +0800} is signed as {@code %2B0800} and must be sent as {@code %2B0800} too (a raw {@code +} arrives as a
 * space);</li>
 * <li>only {@code X-Sdk-Date} must be signed; which other headers are signed is the client's choice, so a verifier
 * rebuilds the canonical headers from the {@code SignedHeaders} it was given, {@code host} including the port;</li>
 * <li>the secret key is the HMAC key as it is, with no derivation.</li>
 * </ul>
 */
public final class HuaweiSigner {

	public static final String ALGORITHM = "SDK-HMAC-SHA256";

	/** The request time header; its value is {@link #sdkDate(Instant) yyyyMMdd'T'HHmmss'Z'} in UTC. */
	public static final String X_SDK_DATE = "X-Sdk-Date";

	/** Carries the payload hash in place of the body's; only {@value #UNSIGNED_PAYLOAD} is honoured. */
	public static final String X_SDK_CONTENT_SHA256 = "X-Sdk-Content-Sha256";

	public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

	private static final HexFormat HEX = HexFormat.of();

	private static final char[] UPPER_HEX_DIGITS = "0123456789ABCDEF".toCharArray();

	private HuaweiSigner() {
	}

	/**
	 * What a signature covers.
	 * @param method the HTTP method, upper case
	 * @param path the decoded request path, without query ({@code /v3/{project}/instances/{id}/auditlog})
	 * @param query decoded parameter names to their decoded values, in any order
	 * @param headers the signed headers, name to value as sent ({@code host} including {@code :port}); names in any
	 * case, but not two names that differ only in case
	 * @param body the request body, empty for none
	 */
	public record Input(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
			byte[] body) {

		public Input {
			Objects.requireNonNull(method, "method");
			Objects.requireNonNull(path, "path");
			Map<String, List<String>> copied = new LinkedHashMap<>();
			Objects.requireNonNull(query, "query").forEach((name, values) -> copied.put(name, List.copyOf(values)));
			query = Collections.unmodifiableMap(copied);
			headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
			body = (body == null) ? new byte[0] : body.clone();
		}

		/** The same request with one decoded value per parameter. */
		public static Input of(String method, String path, Map<String, String> query, Map<String, String> headers,
				byte[] body) {
			Map<String, List<String>> multi = new LinkedHashMap<>();
			query.forEach((name, value) -> multi.put(name, List.of(value)));
			return new Input(method, path, multi, headers, body);
		}

		@Override
		public byte[] body() {
			return this.body.clone();
		}

	}

	/**
	 * The result of signing, with its intermediate forms (the official vectors publish them).
	 * @param signedHeaders the lower-case header names, sorted, {@code ;}-joined
	 * @param signature lower-case hex HMAC-SHA256 of {@code stringToSign}
	 */
	public record Signature(String canonicalRequest, String stringToSign, String signedHeaders, String signature) {

		/** The {@code Authorization} header value; note the space, not a comma, before {@code Access=}. */
		public String authorization(String accessKey) {
			return ALGORITHM + " Access=" + Objects.requireNonNull(accessKey, "accessKey") + ", SignedHeaders="
					+ this.signedHeaders + ", Signature=" + this.signature;
		}

	}

	/**
	 * Signs a request.
	 * @param secretKey the SK
	 * @param sdkDate the {@code X-Sdk-Date} value; it must also be among {@code input.headers()} for a server to
	 * accept the request, but the signer does not insist (the official vectors do not all carry it)
	 */
	public static Signature sign(String secretKey, String sdkDate, Input input) {
		Objects.requireNonNull(secretKey, "secretKey");
		Objects.requireNonNull(sdkDate, "sdkDate");
		SortedMap<String, String> headers = canonicalHeaderMap(input.headers());
		StringBuilder canonicalHeaders = new StringBuilder();
		headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
		String signedHeaders = String.join(";", headers.keySet());
		String payloadHash = UNSIGNED_PAYLOAD.equals(headers.get(X_SDK_CONTENT_SHA256.toLowerCase(Locale.ROOT)))
				? UNSIGNED_PAYLOAD : sha256Hex(input.body);
		String canonicalRequest = input.method() + "\n" + canonicalUri(input.path()) + "\n"
				+ canonicalQuery(input.query()) + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
		String stringToSign = ALGORITHM + "\n" + sdkDate + "\n"
				+ sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
		String signature = HEX.formatHex(hmacSha256(secretKey.getBytes(StandardCharsets.UTF_8), stringToSign));
		return new Signature(canonicalRequest, stringToSign, signedHeaders, signature);
	}

	/**
	 * RFC 3986 percent-encoding of UTF-8 bytes: only {@code A-Z a-z 0-9 - _ . ~} stay as they are, so a space is
	 * {@code %20}, {@code *} is {@code %2A}, {@code +} is {@code %2B}, {@code :} is {@code %3A} and {@code /} is
	 * {@code %2F}; hex digits are upper case.
	 */
	public static String encode(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(UPPER_HEX_DIGITS[c >> 4]).append(UPPER_HEX_DIGITS[c & 0xF]);
			}
		}
		return encoded.toString();
	}

	/** Every path segment encoded and followed by {@code /}: {@code /v3/p/x} becomes {@code /v3/p/x/}. */
	public static String canonicalUri(String path) {
		if (path.isEmpty() || "/".equals(path)) {
			return "/";
		}
		StringBuilder uri = new StringBuilder();
		// split drops trailing empty segments, so "/a/b/" and "/a/b" both end up as "/a/b/"
		for (String segment : path.split("/")) {
			uri.append(encode(segment)).append('/');
		}
		return (uri.charAt(0) == '/') ? uri.toString() : "/" + uri;
	}

	/**
	 * Encoded names, sorted; each name's encoded values sorted; {@code name=value} joined by {@code &}. A name without
	 * values is {@code name=}.
	 */
	public static String canonicalQuery(Map<String, List<String>> query) {
		SortedMap<String, List<String>> sorted = new TreeMap<>();
		query.forEach((name, values) -> {
			List<String> encoded = sorted.computeIfAbsent(encode(name), (key) -> new ArrayList<>());
			values.forEach((value) -> encoded.add(encode(value)));
		});
		StringBuilder canonical = new StringBuilder();
		sorted.forEach((name, values) -> {
			if (values.isEmpty()) {
				values = List.of("");
			}
			values.stream().sorted().forEach((value) -> {
				if (!canonical.isEmpty()) {
					canonical.append('&');
				}
				canonical.append(name).append('=').append(value);
			});
		});
		return canonical.toString();
	}

	/** {@code yyyyMMdd'T'HHmmss'Z'} in UTC, e.g. {@code 20191115T033655Z}. */
	public static String sdkDate(Instant instant) {
		return SDK_DATE.format(instant.atOffset(ZoneOffset.UTC));
	}

	/**
	 * Parses an {@code X-Sdk-Date} value.
	 * @throws DateTimeParseException if it is not {@code yyyyMMdd'T'HHmmss'Z'}
	 */
	public static Instant parseSdkDate(String value) {
		return LocalDateTime.parse(value, SDK_DATE).toInstant(ZoneOffset.UTC);
	}

	/** Lower-case hex SHA-256. */
	public static String sha256Hex(byte[] data) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static SortedMap<String, String> canonicalHeaderMap(Map<String, String> headers) {
		SortedMap<String, String> canonical = new TreeMap<>();
		headers.forEach((name, value) -> {
			String lower = name.trim().toLowerCase(Locale.ROOT);
			if (canonical.put(lower, Objects.requireNonNull(value, name).trim()) != null) {
				throw new IllegalArgumentException("header " + lower + " given twice");
			}
		});
		return canonical;
	}

	private static byte[] hmacSha256(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
