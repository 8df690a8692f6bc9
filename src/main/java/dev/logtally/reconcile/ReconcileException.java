package dev.logtally.reconcile;

/**
 * Reconciliation could not judge a window: its manifest cannot be read or trusted, or its source could not count it.
 * No verdict is given then, rather than a wrong one; the message names the manifest or the source, target and window,
 * and why, in one line without a credential.
 */
public final class ReconcileException extends RuntimeException {

	public ReconcileException(String message, Throwable cause) {
		super(message, cause);
	}

	public ReconcileException(String message) {
		super(message);
	}

}
