package dev.logtally.archive;

/**
 * A stored window manifest that cannot be taken at its word: not JSON, of another format, a field missing, of the
 * wrong type or with a value logtally never writes. Its content is unknown, so nothing may be concluded from it; the
 * message names the object and what is wrong, in one line.
 */
public final class InvalidManifestException extends RuntimeException {

	public InvalidManifestException(String message) {
		super(message, null, false, false);
	}

}
