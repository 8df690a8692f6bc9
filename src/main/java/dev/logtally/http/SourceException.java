package dev.logtally.http;

import dev.logtally.tally.Remedy;

/**
 * A source API call that did not give a usable answer. The message names the source and what was asked (target and
 * window where known) and never contains a credential.
 */
public final class SourceException extends RuntimeException {

	/** What went wrong, which decides whether retrying can help. */
	public enum Kind {

		/** The source said "too many requests". Retried, waiting at least a rate period. */
		THROTTLED(true),
		/** A 5xx or an internal error code. Retried. */
		SERVER(true),
		/** A refused or reset connection, a timeout, an answer cut off. Retried. */
		NETWORK(true),
		/**
		 * The endpoint's host name does not resolve. Retried in a run (the preflight resolved it, so a resolver's
		 * hiccup is likely); not in the preflight, where it is a misspelled endpoint.
		 */
		UNRESOLVED(true),
		/**
		 * The TLS handshake failed: an untrusted or expired certificate, a name that does not match it, or a server
		 * that does not speak TLS there. Retrying cannot fix it. Fails at once.
		 */
		TLS(false),
		/** An answer that does not follow the API's contract (truncated or hostile JSON). Retried. */
		MALFORMED(true),
		/** The credentials were refused. Fails at once. */
		AUTH(false),
		/** The target does not exist. Fails at once. */
		NOT_FOUND(false),
		/** The source refused the request's parameters, or another error retrying cannot fix. Fails at once. */
		REJECTED(false),
		/** The thread was interrupted (the run is stopping). */
		INTERRUPTED(false);

		private final boolean transientFault;

		Kind(boolean transientFault) {
			this.transientFault = transientFault;
		}

		public boolean isTransient() {
			return this.transientFault;
		}

	}

	private final Kind kind;

	private final boolean exhausted;

	public SourceException(Kind kind, String message, Throwable cause) {
		this(kind, message, cause, false);
	}

	public SourceException(Kind kind, String message) {
		this(kind, message, null, false);
	}

	private SourceException(Kind kind, String message, Throwable cause, boolean exhausted) {
		super(message, cause, false, false);
		this.kind = kind;
		this.exhausted = exhausted;
	}

	/** The same fault after the last allowed attempt: no longer retryable. */
	SourceException exhausted(int attempts) {
		return new SourceException(this.kind, "gave up after " + attempts + " attempts: " + getMessage(), this, true);
	}

	public Kind kind() {
		return this.kind;
	}

	/** Whether another attempt may succeed: a transient kind that has not used up its retries. */
	public boolean retryable() {
		return this.kind.isTransient() && !this.exhausted;
	}

	/**
	 * What the operator does about it: a transient fault, even one whose retries ran out, may be gone by the next run,
	 * which resumes; the others stay until someone fixes the spec, the credentials or the endpoint.
	 */
	public Remedy remedy() {
		return this.kind.isTransient() || this.kind == Kind.INTERRUPTED ? Remedy.RESUME : Remedy.FIX;
	}

	/**
	 * The message with the fix its kind asks for, when running again alone cannot help: "...; check the credentials,
	 * then run the same command again".
	 */
	public String line() {
		if (remedy() == Remedy.RESUME) {
			return getMessage();
		}
		String fix = switch (this.kind) {
			case AUTH -> "check the source's credentials";
			case NOT_FOUND -> "check the target's name in the spec";
			case TLS -> "check the source's endpoint and its certificate";
			default -> "check the spec's source";
		};
		return getMessage() + "; " + Remedy.FIX.after(fix);
	}

}
