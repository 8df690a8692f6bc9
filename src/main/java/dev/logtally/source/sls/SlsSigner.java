package dev.logtally.source.sls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud Log Service (SLS) request signing, version 1 ({@code Authorization: LOG <id>:<signature>},
 * {@code x-log-signaturemethod: hmac-sha1}).
 *
 * <p>Both sides use it: the SLS client signs, the sandbox emulator re-derives the signature from what arrived on the
 * wire. Invariants real SDKs depend on:
 * <ul>
 * <li>{@code Content-Type} is signed exactly as sent, and is empty only when the header is absent: the Java SDK sends
 * {@code application/x-protobuf} even on a GET without body, the Python SDK sends none;</li>
 * <li>the LOG headers are every {@code x-log-*} and {@code x-acs-*} header except {@code x-log-date}, which the
 * Python SDK adds after signing;</li>
 * <li>query values go into the resource <em>decoded</em>, unsorted on the wire but sorted by name here, and a
 * parameter with an empty value stays as {@code name=}.</li>
 * </ul>
 */
public final class SlsSigner {

	public static final String SIGNATURE_METHOD = "hmac-sha1";

	/** Carries the request time for clients that cannot set {@code Date}; never part of the signed LOG headers. */
	public static final String LOG_DATE = "x-log-date";

	private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

	private SlsSigner() {
	}

	/**
	 * What the v1 signature covers.
	 * @param method the HTTP method, upper case
	 * @param contentMd5 {@code Content-MD5} as sent (upper-case hex, see {@link #contentMd5}), {@code ""} without body
	 * @param contentType {@code Content-Type} as sent, {@code ""} if the request has none
	 * @param date {@code Date} as sent (RFC 1123), or {@code x-log-date} when there is no {@code Date}
	 * @param headers every request header as sent, names in any case; the signer picks the LOG headers itself
	 * @param path the resource path, e.g. {@code /logstores/app_log}, without query
	 * @param queryParams decoded query parameter names and values
	 */
	public record Input(String method, String contentMd5, String contentType, String date,
			Map<String, String> headers, String path, Map<String, String> queryParams) {

		public Input {
			Objects.requireNonNull(method, "method");
			contentMd5 = Objects.requireNonNullElse(contentMd5, "");
			contentType = Objects.requireNonNullElse(contentType, "");
			Objects.requireNonNull(date, "date");
			Objects.requireNonNull(path, "path");
			headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
			queryParams = Map.copyOf(Objects.requireNonNull(queryParams, "queryParams"));
		}

	}

	/** {@code VERB\nCONTENT-MD5\nCONTENT-TYPE\nDATE\nCanonicalizedLOGHeaders\nCanonicalizedResource}. */
	public static String stringToSign(Input input) {
		return input.method() + "\n" + input.contentMd5() + "\n" + input.contentType() + "\n" + input.date() + "\n"
				+ canonicalizedLogHeaders(input.headers()) + "\n" + canonicalizedResource(input.path(),
						input.queryParams());
	}

	/** Base64 of the HMAC-SHA1 of {@link #stringToSign} under the AccessKeySecret. */
	public static String signature(String accessKeySecret, Input input) {
		Objects.requireNonNull(accessKeySecret, "accessKeySecret");
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			byte[] digest = mac.doFinal(stringToSign(input).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

	/** The {@code Authorization} header value: {@code LOG <accessKeyId>:<signature>}. */
	public static String authorization(String accessKeyId, String signature) {
		return "LOG " + Objects.requireNonNull(accessKeyId, "accessKeyId") + ":"
				+ Objects.requireNonNull(signature, "signature");
	}

	/**
	 * The {@code Content-MD5} SLS expects: the MD5 of the body as 32 upper-case hex digits (not Base64, unlike
	 * RFC 1864), leading zeros kept.
	 */
	public static String contentMd5(byte[] body) {
		try {
			return UPPER_HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("MD5 is not available", ex);
		}
	}

	private static String canonicalizedLogHeaders(Map<String, String> headers) {
		SortedMap<String, String> logHeaders = new TreeMap<>();
		headers.forEach((name, value) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if ((lower.startsWith("x-log-") || lower.startsWith("x-acs-")) && !LOG_DATE.equals(lower)) {
				logHeaders.put(lower, value);
			}
		});
		return logHeaders.entrySet()
			.stream()
			.map((header) -> header.getKey() + ":" + header.getValue())
			.collect(Collectors.joining("\n"));
	}

	private static String canonicalizedResource(String path, Map<String, String> queryParams) {
		if (queryParams.isEmpty()) {
			return path;
		}
		return path + "?" + new TreeMap<>(queryParams).entrySet()
			.stream()
			.map((param) -> param.getKey() + "=" + param.getValue())
			.collect(Collectors.joining("&"));
	}

}
