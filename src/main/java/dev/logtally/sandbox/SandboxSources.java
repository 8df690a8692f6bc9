package dev.logtally.sandbox;

import java.util.List;

import dev.logtally.sandbox.cls.ClsSandboxSource;
import dev.logtally.sandbox.legacy.ScfLegacySandboxSource;
import dev.logtally.sandbox.rds.RdsSandboxSource;
import dev.logtally.sandbox.scf.ScfSandboxSource;
import dev.logtally.sandbox.sls.SlsSandboxSource;

/**
 * Every source the sandbox emulates, in the order the sandbox starts them, takes their ports (its port, then the next
 * ones) and writes them into its job spec. A new source is one line here.
 */
public final class SandboxSources {

	private static final List<SandboxSource> ALL = List.of(new ScfSandboxSource(), new SlsSandboxSource(),
			new RdsSandboxSource(), new ScfLegacySandboxSource(), new ClsSandboxSource());

	private SandboxSources() {
	}

	public static List<SandboxSource> all() {
		return ALL;
	}

}
