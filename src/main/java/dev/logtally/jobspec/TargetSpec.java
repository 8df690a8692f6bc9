package dev.logtally.jobspec;

import java.util.Map;

/**
 * One thing to export from a source: an SCF function, an SLS logstore. Each kind of source has its own kind of target,
 * a record in the kind's package.
 */
public interface TargetSpec {

	/** The target's name in the archive path; unique within its source. */
	String id();

	/** The parameters that define what is exported, for manifests, in a stable order. */
	Map<String, String> parameters();

}
