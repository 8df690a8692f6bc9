package dev.logtally.sandbox.legacy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The common parameters every legacy request must carry, checked for presence and form before anything else.
 * {@code Region} is documented as optional but "normally required"; the emulator requires it and accepts any value.
 *
 * @param action {@code Action}
 * @param timestamp {@code Timestamp}, Unix seconds
 * @param nonce {@code Nonce}, a positive 32-bit unsigned integer
 * @param secretId {@code SecretId}
 * @param signature {@code Signature}, Base64 as received (already URL-decoded)
 * @param token {@code Token}, or {@code null}
 */
record CommonParameters(String action, long timestamp, long nonce, String secretId, String signature, String token) {

	private static final long MAX_UINT = 4_294_967_295L;

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

	/**
	 * @param expectedAction the one action this endpoint serves
	 * @throws LegacyError 4000 for a missing or malformed common parameter or another action
	 */
	static CommonParameters parse(Map<String, String> parameters, String expectedAction) {
		String action = required(parameters, "Action");
		if (!expectedAction.equals(action)) {
			throw LegacyError.invalidParameter("unknown action `" + action + "`");
		}
		required(parameters, "Region");
		long timestamp = unsigned(parameters, "Timestamp");
		long nonce = unsigned(parameters, "Nonce");
		if (nonce == 0) {
			throw LegacyError.invalidParameter("the parameter `Nonce` must be a positive integer, got `0`");
		}
		return new CommonParameters(action, timestamp, nonce, required(parameters, "SecretId"),
				required(parameters, "Signature"), parameters.get("Token"));
	}

	private static String required(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		if (value == null || value.isEmpty()) {
			throw LegacyError.invalidParameter("the parameter `" + name + "` is missing");
		}
		return value;
	}

	private static long unsigned(Map<String, String> parameters, String name) {
		String text = required(parameters, name);
		long value = DIGITS.matcher(text).matches() ? Long.parseLong(text) : -1;
		if (value < 0 || value > MAX_UINT) {
			throw LegacyError.invalidParameter(
					"the parameter `" + name + "` must be an unsigned 32-bit integer, got `" + text + "`");
		}
		return value;
	}

}
