package dev.logtally.archive;

/**
 * The archive store refused an operation, or every attempt at it failed. The message names the object
 * ({@link ArchiveStore#describe}) and the cause in words, never a credential.
 */
public final class ArchiveStoreException extends RuntimeException {

	private final boolean notFound;

	public ArchiveStoreException(String message, Throwable cause) {
		this(message, cause, false);
	}

	public ArchiveStoreException(String message, Throwable cause, boolean notFound) {
		super(message, cause);
		this.notFound = notFound;
	}

	/** Whether the object asked for does not exist. */
	public boolean notFound() {
		return this.notFound;
	}

}
