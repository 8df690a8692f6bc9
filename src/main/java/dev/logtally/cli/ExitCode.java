package dev.logtally.cli;

/**
 * The process exit codes, for schedulers: cron, systemd and Kubernetes act on them.
 */
public enum ExitCode {

	/** Every window was exported and reconciled (MATCHED). */
	OK(0),

	/**
	 * Some window failed or could not be published, or the run itself failed. Running the same command again resumes
	 * where it stopped.
	 */
	FAILED(1),

	/** Invalid input: options, dates, job spec, credentials, or a source that refuses them. Nothing was written. */
	INVALID_INPUT(2),

	/**
	 * The run finished, but some window did not reconcile (TRUNCATED, MISMATCH or INCOMPLETE; for {@code reconcile},
	 * any window not MATCHED or UNCOUNTED); see the table and manifests.
	 */
	UNRECONCILED(3),

	/** Another run of the same job spec is in progress; nothing was done. */
	BUSY(4),

	/** {@code verify}: the archive differs from its manifests (an object missing, altered or unexpected). */
	NOT_INTACT(5);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

}
