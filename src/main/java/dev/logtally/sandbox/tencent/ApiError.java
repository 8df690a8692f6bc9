package dev.logtally.sandbox.tencent;

/**
 * A business error as API 3.0 reports it: HTTP 200 with {@code Response.Error.Code} and {@code Message}. Thrown to
 * leave request handling early, by every API 3.0 emulator (SCF, CLS); it carries no stack trace because it is an
 * answer, not a failure of the emulator.
 */
public final class ApiError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String code;

	private final String errorMessage;

	public ApiError(String code, String errorMessage) {
		super(code + ": " + errorMessage, null, false, false);
		this.code = code;
		this.errorMessage = errorMessage;
	}

	public String code() {
		return this.code;
	}

	/** {@code Response.Error.Message}, without the code. */
	public String errorMessage() {
		return this.errorMessage;
	}

	public static ApiError missingParameter(String name) {
		return new ApiError("MissingParameter", "The request is missing a required parameter `" + name + "`.");
	}

	public static ApiError invalidValue(String code, String name, String value) {
		return new ApiError(code, "The value `" + value + "` of parameter `" + name + "` is invalid.");
	}

}
