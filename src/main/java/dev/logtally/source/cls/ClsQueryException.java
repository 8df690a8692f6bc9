package dev.logtally.source.cls;

import dev.logtally.http.SourceException;

/**
 * A {@code SearchLog} refusal the reader answers itself rather than failing the window: a leaf too large for one query
 * is split, an expired or refused Context restarts its leaf. When the reader cannot answer it, {@link #fault} is the
 * window's error.
 */
final class ClsQueryException extends RuntimeException {

	/** What CLS refused. */
	enum Refusal {

		/** {@code LimitExceeded.SearchResources} or {@code LimitExceeded.SearchResultTooLarge}: split the range. */
		TOO_LARGE,

		/** {@code FailedOperation.InvalidContext}: the cursor expired (after an hour) or is unknown. */
		INVALID_CONTEXT

	}

	private final Refusal refusal;

	ClsQueryException(Refusal refusal, String message) {
		super(message, null, false, false);
		this.refusal = refusal;
	}

	Refusal refusal() {
		return this.refusal;
	}

	/** The window's error when the refusal cannot be answered: a query that cannot be made smaller fails its window. */
	SourceException fault(String why) {
		return new SourceException(SourceException.Kind.REJECTED, getMessage() + " (" + why + ")");
	}

}
