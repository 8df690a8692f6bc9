package dev.logtally.sandbox.rds;

/**
 * A Huawei Cloud error answer: a 4xx/5xx status with {@code {"error_code":..,"error_msg":..}}; errors raised by the API
 * gateway ({@code APIGW.*}) also carry {@code request_id} in the body. Thrown to leave request handling early; it
 * carries no stack trace because it is an answer, not a failure of the emulator.
 */
final class RdsError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The message prefix of every {@code APIGW.0301} answer. */
	static final String IAM_PREFIX = "Incorrect IAM authentication information: ";

	private final int status;

	private final String code;

	private final String errorMessage;

	private final boolean gateway;

	private RdsError(int status, String code, String errorMessage, boolean gateway) {
		super(status + " " + code + ": " + errorMessage, null, false, false);
		this.status = status;
		this.code = code;
		this.errorMessage = errorMessage;
		this.gateway = gateway;
	}

	/** An API gateway error: the body also carries {@code request_id}. */
	static RdsError gateway(int status, String code, String message) {
		return new RdsError(status, code, message, true);
	}

	/** A service (RDS) error: {@code error_code} and {@code error_msg} only. */
	static RdsError service(int status, String code, String message) {
		return new RdsError(status, code, message, false);
	}

	/** 401 {@code APIGW.0301} with the gateway's fixed prefix before {@code detail}. */
	static RdsError unauthenticated(String detail) {
		return gateway(401, "APIGW.0301", IAM_PREFIX + detail);
	}

	/** 400 {@code DBS.200001}, the RDS parameter error. */
	static RdsError parameter(String message) {
		return service(400, "DBS.200001", message);
	}

	/** 429 {@code APIGW.0308}, as the gateway words its per-user flow control. */
	static RdsError throttled(int limitPerMinute) {
		return gateway(429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:"
				+ limitPerMinute + ",time:1 minute");
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

	boolean gatewayError() {
		return this.gateway;
	}

}
