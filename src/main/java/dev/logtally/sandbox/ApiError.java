package dev.logtally.sandbox;

/**
 * A business error as API 3.0 reports it: HTTP 200 with {@code Response.Error.Code} and {@code Message}. Thrown to
 * leave request handling early; it carries no stack trace because it is an answer, not a failure of the emulator.
 */
final class ApiError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String code;

	ApiError(String code, String message) {
		super(code + ": " + message, null, false, false);
		this.code = code;
	}

	String code() {
		return this.code;
	}

	String errorMessage() {
		return getMessage().substring(this.code.length() + 2);
	}

	static ApiError missingParameter(String name) {
		return new ApiError("MissingParameter", "The request is missing a required parameter `" + name + "`.");
	}

	static ApiError invalidValue(String code, String name, String value) {
		return new ApiError(code, "The value `" + value + "` of parameter `" + name + "` is invalid.");
	}

}
