package dev.logtally.sandbox.sls;

/**
 * An SLS error answer: a non-2xx HTTP status with {@code {"errorCode":..,"errorMessage":..}}. Thrown to leave request
 * handling early; it carries no stack trace because it is an answer, not a failure of the emulator.
 */
final class SlsError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String code;

	private final String errorMessage;

	SlsError(int status, String code, String errorMessage) {
		super(status + " " + code + ": " + errorMessage, null, false, false);
		this.status = status;
		this.code = code;
		this.errorMessage = errorMessage;
	}

	int status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	String errorMessage() {
		return this.errorMessage;
	}

	static SlsError badRequest(String code, String message) {
		return new SlsError(400, code, message);
	}

	static SlsError parameterInvalid(String message) {
		return new SlsError(400, "ParameterInvalid", message);
	}

	static SlsError readQuotaExceeded(String message) {
		return new SlsError(403, "ReadQuotaExceed", message);
	}

}
