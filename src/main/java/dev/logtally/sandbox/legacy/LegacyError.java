package dev.logtally.sandbox.legacy;

/**
 * A legacy API error answer: HTTP 200 with {@code {"code":..,"message":"(module code)text","codeDesc":..}}. Thrown to
 * leave request handling early; it carries no stack trace because it is an answer, not a failure of the emulator.
 *
 * <p>The numeric codes are the documented common codes. The module codes in {@code message} and the English
 * {@code codeDesc} of errors are not documented for {@code GetFunctionLogs}; the emulator's are its own choice, so a
 * client must decide on {@code code} alone and treat {@code message} as text for people.
 */
final class LegacyError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int code;

	private final String codeDesc;

	private final String errorMessage;

	private LegacyError(int code, String codeDesc, int moduleCode, String text) {
		super(code + " " + codeDesc + ": " + text, null, false, false);
		this.code = code;
		this.codeDesc = codeDesc;
		this.errorMessage = "(" + moduleCode + ")" + text;
	}

	int code() {
		return this.code;
	}

	String codeDesc() {
		return this.codeDesc;
	}

	/** {@code message}: the module code in parentheses, then the text. */
	String errorMessage() {
		return this.errorMessage;
	}

	/** 4000: a parameter is missing, malformed, out of range or unknown. */
	static LegacyError invalidParameter(String text) {
		return new LegacyError(4000, "InvalidParameter", 100001, text);
	}

	/** 4100: the signature does not match. */
	static LegacyError authFailure(String text) {
		return new LegacyError(4100, "AuthFailure", 100003, text);
	}

	/** 4104: no such SecretId. */
	static LegacyError secretIdNotFound(String secretId) {
		return new LegacyError(4104, "SecretIdNotFound", 100006, "the SecretId `" + secretId + "` does not exist");
	}

	/** 4105: the Token is missing, wrong, or given for a permanent key. */
	static LegacyError tokenFailure() {
		return new LegacyError(4105, "TokenFailure", 100007, "the Token is invalid for this SecretId");
	}

	/** 4400: the common code for "quota exceeded", here the per-second request quota. */
	static LegacyError quotaExceeded(int requests, int limit) {
		return new LegacyError(4400, "RequestLimitExceeded", 100004, "The request quota was exceeded: " + requests
				+ " requests in one second, the limit is " + limit);
	}

	/** 4500: a replayed request (stale or future Timestamp, or a Nonce used again). */
	static LegacyError replay(String text) {
		return new LegacyError(4500, "ReplayAttack", 100008, text);
	}

	/** 5000: the resource (here: the function) does not exist. */
	static LegacyError resourceNotFound(String text) {
		return new LegacyError(5000, "ResourceNotFound", 100009, text);
	}

	/** 6000: what the {@code internalError} fault answers. */
	static LegacyError internalError() {
		return new LegacyError(6000, "InternalError", 100005, "server internal error");
	}

}
