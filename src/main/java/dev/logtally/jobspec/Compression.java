package dev.logtally.jobspec;

/** How archive files are compressed. */
public enum Compression {

	NONE(".csv"), GZIP(".csv.gz");

	private final String extension;

	Compression(String extension) {
		this.extension = extension;
	}

	/** The file name extension of a data file written with this compression. */
	public String extension() {
		return this.extension;
	}

}
