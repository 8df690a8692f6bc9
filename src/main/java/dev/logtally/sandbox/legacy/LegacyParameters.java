package dev.logtally.sandbox.legacy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a legacy request, names as sent and values decoded, from wherever the legacy front end reads
 * them: the query string of a GET, or the body of a POST ({@code application/x-www-form-urlencoded}, or
 * {@code multipart/form-data} as the legacy Java SDK sends it). The query string of a POST is not read, as documented.
 *
 * <p>A name given twice is refused, and so are {@code a.b} and {@code a_b} together: the signature writes both as
 * {@code a.b}, so the server could not tell which value was signed.
 */
final class LegacyParameters {

	private static final Pattern DISPOSITION_NAME = Pattern
		.compile("(?:^|;)\\s*name\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))", Pattern.CASE_INSENSITIVE);

	private static final Pattern BOUNDARY = Pattern.compile("(?:^|;)\\s*boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))",
			Pattern.CASE_INSENSITIVE);

	private LegacyParameters() {
	}

	/** Parses a GET query string; {@code +} and percent escapes are decoded, as PHP's {@code $_GET} does. */
	static Map<String, String> fromQuery(String rawQuery) {
		return fromForm(rawQuery);
	}

	/**
	 * Parses a POST body by its content type.
	 * @throws LegacyError 4000 for another content type or a malformed body
	 */
	static Map<String, String> fromBody(String contentType, byte[] body) {
		String type = String.valueOf(contentType).toLowerCase(Locale.ROOT).trim();
		if (type.startsWith("application/x-www-form-urlencoded")) {
			return fromForm(new String(body, StandardCharsets.UTF_8));
		}
		if (type.startsWith("multipart/form-data")) {
			return fromMultipart(contentType, body);
		}
		throw LegacyError.invalidParameter("POST parameters must be sent as application/x-www-form-urlencoded or "
				+ "multipart/form-data, got `" + contentType + "`");
	}

	private static Map<String, String> fromForm(String encoded) {
		Collected collected = new Collected();
		if (encoded == null || encoded.isEmpty()) {
			return collected.result();
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
			collected.put(name, value);
		}
		return collected.result();
	}

	private static Map<String, String> fromMultipart(String contentType, byte[] body) {
		Matcher boundaryMatch = BOUNDARY.matcher(contentType);
		if (!boundaryMatch.find()) {
			throw LegacyError.invalidParameter("a multipart/form-data body needs a boundary");
		}
		String delimiter = "--" + (boundaryMatch.group(1) != null ? boundaryMatch.group(1) : boundaryMatch.group(2));
		// ISO-8859-1 maps bytes to chars one to one, so positions found in the text are byte offsets
		String text = new String(body, StandardCharsets.ISO_8859_1);
		int position;
		if (text.startsWith(delimiter)) {
			position = delimiter.length();
		}
		else {
			// the legacy SDK starts with CRLF before the first delimiter (a preamble, which is allowed)
			int first = text.indexOf("\r\n" + delimiter);
			if (first < 0) {
				throw malformedMultipart("no part delimiter");
			}
			position = first + 2 + delimiter.length();
		}
		Collected collected = new Collected();
		while (!text.startsWith("--", position)) {
			if (!text.startsWith("\r\n", position)) {
				throw malformedMultipart("a delimiter must end its line");
			}
			position += 2;
			int bodyStart;
			String headers;
			if (text.startsWith("\r\n", position)) {
				headers = "";
				bodyStart = position + 2;
			}
			else {
				int headersEnd = text.indexOf("\r\n\r\n", position);
				if (headersEnd < 0) {
					throw malformedMultipart("a part's headers do not end");
				}
				headers = text.substring(position, headersEnd);
				bodyStart = headersEnd + 4;
			}
			int next = text.indexOf("\r\n" + delimiter, bodyStart);
			if (next < 0) {
				throw malformedMultipart("the body does not end with a closing delimiter");
			}
			String value = new String(text.substring(bodyStart, next).getBytes(StandardCharsets.ISO_8859_1),
					StandardCharsets.UTF_8);
			collected.put(partName(headers), value);
			position = next + 2 + delimiter.length();
		}
		return collected.result();
	}

	private static String partName(String headers) {
		for (String line : headers.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
				Matcher name = DISPOSITION_NAME.matcher(line.substring(colon + 1));
				if (name.find()) {
					String raw = name.group(1) != null ? name.group(1) : name.group(2);
					return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
				}
			}
		}
		throw malformedMultipart("a part has no Content-Disposition name");
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw LegacyError.invalidParameter("the parameters contain a malformed percent escape");
		}
	}

	private static LegacyError malformedMultipart(String why) {
		return LegacyError.invalidParameter("malformed multipart/form-data body: " + why);
	}

	/** Parameters in arrival order, refusing a name (in its signed spelling) seen before. */
	private static final class Collected {

		private final Map<String, String> parameters = new LinkedHashMap<>();

		private final Set<String> signedNames = new HashSet<>();

		void put(String name, String value) {
			if (name.isEmpty()) {
				throw LegacyError.invalidParameter("a parameter has an empty name");
			}
			if (!this.signedNames.add(name.replace('_', '.'))) {
				throw LegacyError.invalidParameter("the parameter `" + name + "` is given more than once");
			}
			this.parameters.put(name, value);
		}

		Map<String, String> result() {
			return Collections.unmodifiableMap(this.parameters);
		}

	}

}
