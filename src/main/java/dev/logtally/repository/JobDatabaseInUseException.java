package dev.logtally.repository;

/**
 * A job's embedded database is open in another process: another run of the same job spec (exit 4, nothing done).
 */
public final class JobDatabaseInUseException extends RuntimeException {

	JobDatabaseInUseException(String message) {
		super(message);
	}

}
