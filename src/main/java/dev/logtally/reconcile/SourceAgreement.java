package dev.logtally.reconcile;

import dev.logtally.archive.WindowManifest;
import dev.logtally.tally.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * How an archived window stands against its source now, as {@code logtally reconcile} judges it: the archive's
 * manifest (its export's {@link Verdict} and the records it read) against the source's count asked again. Not the
 * export's verdict, which judged the window once, when it was read; the constants' names are what reconcile prints.
 * The order is the order totals are listed in.
 */
public enum SourceAgreement {

	/** The export was MATCHED and the source's count now equals the records it read. */
	MATCHED(true),

	/** The source cannot count a window (the legacy SCF API); the export's own verdict, MATCHED, stands. */
	UNCOUNTED(true),

	/** The export was MATCHED, but the source's count now differs: it gained or lost records after the export. */
	MISMATCH(false),

	/** The archive holds no finished window (no manifest). */
	MISSING(false),

	/**
	 * The export itself was not MATCHED (MISMATCH, TRUNCATED, INCOMPLETE): the archived content is known or suspected
	 * wrong, whatever the counts say now.
	 */
	EXPORTED_NOT_MATCHED(false);

	private final boolean trusted;

	SourceAgreement(boolean trusted) {
		this.trusted = trusted;
	}

	/**
	 * Whether the archived window can be relied on: {@code reconcile} exits 0 only when every window can, and
	 * {@code reconcile --repair} exports again every window that cannot.
	 */
	public boolean trusted() {
		return this.trusted;
	}

	/**
	 * @param manifest the window's manifest, or {@code null} when the archive holds none
	 * @param now the source's count now, or {@code null} when it cannot count
	 */
	static SourceAgreement of(@Nullable WindowManifest manifest, @Nullable Long now) {
		if (manifest == null) {
			return MISSING;
		}
		if (manifest.verdict() != Verdict.MATCHED) {
			return EXPORTED_NOT_MATCHED;
		}
		if (now == null) {
			return UNCOUNTED;
		}
		return now == manifest.counts().read() ? MATCHED : MISMATCH;
	}

}
