package dev.logtally.archive;

/**
 * A stored window manifest that cannot be taken at its word: not JSON, of another format, a field missing, of the
 * wrong type or with a value logtally never writes. Its content is unknown, so nothing may be concluded from it; the
 * message names the object and what is wrong, in one line.
 */
public final class InvalidManifestException extends RuntimeException {

	private final String problem;

	/**
	 * @param manifest how the manifest is named ({@link ArchiveStore#describe}, or its key)
	 * @param problem what is wrong, as it follows the name in the message: {@code " has no verdict"},
	 *     {@code ": counts.read is not a whole number"}
	 */
	public InvalidManifestException(String manifest, String problem) {
		super(manifest + problem, null, false, false);
		this.problem = problem.replaceFirst("^:?\\s+", "");
	}

	/** What is wrong, without the manifest's name: for a line that names the manifest already. */
	public String problem() {
		return this.problem;
	}

}
