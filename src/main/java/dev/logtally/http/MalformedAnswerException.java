package dev.logtally.http;

/**
 * A well-formed HTTP answer whose content breaks the API's contract: a missing or mistyped field, an unparseable time.
 * Its message names the field; {@link SourceHttp#exchange} turns it into a {@link SourceException} that also names
 * what was asked.
 */
public final class MalformedAnswerException extends RuntimeException {

	public MalformedAnswerException(String message) {
		super(message, null, false, false);
	}

}
