package dev.logtally.source;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.logtally.source.cls.ClsKind;
import dev.logtally.source.rds.RdsKind;
import dev.logtally.source.scf.ScfKind;
import dev.logtally.source.scf.ScfLegacyKind;
import dev.logtally.source.sls.SlsKind;

/**
 * Every kind of source logtally reads: a new source is one line here (and its package). The order is the order in
 * which messages list them.
 */
public final class SourceKinds {

	private static final List<SourceKind> ALL = List.of(
			new ScfKind(),
			new ScfLegacyKind(),
			new SlsKind(),
			new RdsKind(),
			new ClsKind());

	private SourceKinds() {
	}

	/** Every registered kind, in registration order. */
	public static List<SourceKind> all() {
		return ALL;
	}

	/** The kind a spec names {@code name} ({@code tencent-scf}). */
	public static Optional<SourceKind> named(String name) {
		return ALL.stream().filter((kind) -> kind.name().equals(name)).findFirst();
	}

	/** The accepted names, for error messages. */
	public static String known() {
		return ALL.stream().map(SourceKind::name).collect(Collectors.joining(", "));
	}

}
