package dev.logtally.source.scf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud legacy API v2 request signing ({@code HmacSHA1} / {@code HmacSHA256} over the sorted parameters), as
 * used by {@code https://scf.api.qcloud.com/v2/index.php}.
 *
 * <p>Both sides use it: a legacy client signs, the sandbox emulator re-derives the signature from the parameters it
 * received. Invariants a signature depends on:
 * <ul>
 * <li>values are the raw, decoded values, never the URL-encoded wire form;</li>
 * <li>parameters are sorted by their name as sent, comparing UTF-8 bytes (for the ASCII names the API uses this is
 * also Java's {@code String} order, which the official SDKs' {@code TreeMap} uses);</li>
 * <li>a {@code _} in a name is written as {@code .} (the PHP front end turns {@code .} in names into {@code _}, so
 * the server cannot tell them apart and signs the dotted form);</li>
 * <li>the host is the one the client signed for, without scheme, and the method is upper case.</li>
 * </ul>
 */
public final class LegacySigner {

	/** The parameter that carries the signature; it is never part of what is signed. */
	public static final String SIGNATURE = "Signature";

	/** The parameter that selects the HMAC. */
	public static final String SIGNATURE_METHOD = "SignatureMethod";

	/** The signature algorithms, by their wire name in {@code SignatureMethod} (also their JCA name). */
	public enum Method {

		HMAC_SHA1("HmacSHA1"),

		HMAC_SHA256("HmacSHA256");

		private final String wireName;

		Method(String wireName) {
			this.wireName = wireName;
		}

		/** The value of {@code SignatureMethod} that names this method, and its JCA algorithm name. */
		public String wireName() {
			return this.wireName;
		}

	}

	private static final Comparator<String> BYTE_ORDER = (left, right) -> Arrays.compareUnsigned(
			left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));

	private LegacySigner() {
	}

	/**
	 * The text that is signed: {@code METHOD + host + path + "?" + name=value&...}.
	 * @param httpMethod {@code GET} or {@code POST} (upper-cased here)
	 * @param host the host the request is signed for, without scheme (normally without port)
	 * @param path the request path, {@code /v2/index.php}
	 * @param parameters all request parameters except Signature, raw (decoded) values; a {@code Signature} entry, if
	 * present, is left out
	 * @return the string to sign
	 */
	public static String stringToSign(String httpMethod, String host, String path, Map<String, String> parameters) {
		Objects.requireNonNull(httpMethod, "httpMethod");
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(path, "path");
		List<String> names = parameters.keySet()
			.stream()
			.filter((name) -> !SIGNATURE.equals(name))
			.sorted(BYTE_ORDER)
			.toList();
		String query = names.stream()
			.map((name) -> name.replace('_', '.') + "=" + Objects.requireNonNull(parameters.get(name), name))
			.collect(Collectors.joining("&"));
		return httpMethod.toUpperCase(Locale.ROOT) + host + path + "?" + query;
	}

	/**
	 * {@code Base64(HMAC(secretKey, stringToSign))}, unencoded: URL-encode it when it goes into a query string or a
	 * form body ({@code /}, {@code +} and {@code =} are common in it).
	 */
	public static String signature(String secretKey, Method method, String stringToSign) {
		try {
			Mac mac = Mac.getInstance(method.wireName());
			mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), method.wireName()));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Which method a request asked for: only the exact value "HmacSHA256" selects SHA-256. */
	public static Method methodOf(Map<String, String> parameters) {
		return Method.HMAC_SHA256.wireName().equals(parameters.get(SIGNATURE_METHOD)) ? Method.HMAC_SHA256
				: Method.HMAC_SHA1;
	}

}
