package dev.logtally.jobspec;

import java.util.Map;

/**
 * One thing to export from a source: an SCF function, an SLS logstore. Each source type has its own kind of target.
 */
public sealed interface TargetSpec permits ScfTarget, SlsTarget, RdsTarget {

	/** The target's name in the archive path; unique within its source. */
	String id();

	/** The parameters that define what is exported, for manifests, in a stable order. */
	Map<String, String> parameters();

}
