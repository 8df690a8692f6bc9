package dev.logtally.archive;

import java.util.ArrayList;
import java.util.List;

import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import org.jspecify.annotations.Nullable;

/**
 * Whether manifests agree with themselves and with each other, beyond their hashes: a careful forger who edits a window
 * manifest and writes its new SHA-256 into the last run manifest keeps every hash intact, but cannot make a MATCHED
 * verdict out of counts that do not match, nor a run manifest's verdict out of another one.
 *
 * <p>The verdict counts deserve is decided in one place, {@link WindowCounts#verdict()}, the rule every export uses:
 * a manifest is consistent when its verdict is that rule's verdict of its counts.
 */
public final class ManifestConsistency {

	private ManifestConsistency() {
	}

	/**
	 * What in a window manifest contradicts itself. (Counts below zero, and a {@code missing} other than expected -
	 * read, {@link WindowManifest#parse} refuses already; the data file's record count against {@code written},
	 * {@link ArchiveVerifier} checks.)
	 * @return one line per contradiction, naming the fields and their values; empty when there is none
	 */
	public static List<String> ofWindow(WindowManifest manifest) {
		List<String> problems = new ArrayList<>();
		WindowCounts counts = manifest.counts();
		Verdict deserved = counts.verdict();
		if (manifest.verdict() != deserved) {
			problems.add("verdict " + manifest.verdict() + " contradicts its counts, which make it " + deserved + " ("
					+ counts(counts) + ")");
		}
		return List.copyOf(problems);
	}

	/**
	 * Whether a run manifest lists a window with the verdict its window manifest holds.
	 * @param listed the verdict the run manifest records for the window
	 * @param runManifest the run manifest's key, for the message
	 * @return why they disagree, or {@code null} when they agree
	 */
	public static @Nullable String ofListing(String listed, String runManifest, WindowManifest manifest) {
		if (listed.equals(manifest.verdict().name())) {
			return null;
		}
		return runManifest + " lists it as " + listed + ", but its verdict is " + manifest.verdict();
	}

	private static String counts(WindowCounts counts) {
		StringBuilder line = new StringBuilder().append("expected=").append(counts.expected())
			.append(" read=").append(counts.read())
			.append(" duplicatesDropped=").append(counts.duplicates())
			.append(" written=").append(counts.written());
		if (counts.missed() != 0) {
			line.append(" missedByCap=").append(counts.missed());
		}
		if (counts.drift() != 0) {
			line.append(" countChangeDuringRead=").append(counts.drift());
		}
		if (counts.incomplete() != 0) {
			line.append(" notReadIncomplete=").append(counts.incomplete());
		}
		if (counts.files().expected() != 0 || counts.files().archived() != 0) {
			line.append(" files=").append(counts.files().archived()).append('/').append(counts.files().expected());
		}
		if (counts.written() + counts.duplicates() != counts.read()) {
			line.append(": written + duplicatesDropped is ").append(counts.written() + counts.duplicates())
				.append(", not read");
		}
		return line.toString();
	}

}
