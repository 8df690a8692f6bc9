package dev.logtally.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.logtally.http.SourceException;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import dev.logtally.window.WindowPlanner;
import org.jspecify.annotations.Nullable;

/**
 * The check before a run that every target of every source can be read: one cheap request per target, through the
 * sources' own clients and so within each account's rate budget. A misspelled function, logstore or instance is then
 * an input error, reported with every other one at once while nothing has been written, instead of a window that
 * fails halfway through the run.
 */
public final class SourcePreflight {

	/** Probes that take at least this long at the sources' rate limits are announced, so a quiet start is explained. */
	private static final Duration ANNOUNCED = Duration.ofSeconds(3);

	/**
	 * Something the preflight found wrong.
	 * @param source the source's id
	 * @param target the id of a target the source does not know, or {@code null} when the source itself cannot be
	 *     used (unreachable endpoint, refused credentials, unknown project)
	 * @param reason the source's answer, naming what was asked
	 */
	public record Refusal(String source, @Nullable String target, String reason) {

		public String line() {
			return this.target == null ? this.reason
					: "unknown target " + this.source + "/" + this.target + ": " + this.reason;
		}

	}

	/**
	 * What the preflight found: nothing, or every refusal in the spec's order of sources and targets.
	 * @param answered the targets that answered, as {@code source/target}; a target after its source's own refusal
	 *     was not asked, and is neither refused nor answered
	 */
	public record Findings(List<Refusal> refusals, List<String> answered) {

		public Findings {
			refusals = List.copyOf(refusals);
			answered = List.copyOf(answered);
		}

		public Findings(List<Refusal> refusals) {
			this(refusals, List.of());
		}

		/** Whether {@code target} of {@code source} answered. */
		public boolean answered(String source, String target) {
			return this.answered.contains(source + "/" + target);
		}

		public boolean passed() {
			return this.refusals.isEmpty();
		}

		/** One refusal as its own line; several under a line that counts them, one a line. */
		public String message() {
			if (this.refusals.size() == 1) {
				return this.refusals.get(0).line();
			}
			StringBuilder message = new StringBuilder(this.refusals.size() + " problems with the spec's sources:");
			this.refusals.forEach((refusal) -> message.append("\n  ").append(refusal.line()));
			return message.toString();
		}

	}

	private SourcePreflight() {
	}

	/**
	 * Asks every target of every source for at most one log of the source's first window of {@code range}. A target
	 * the source does not know is a refusal, and the next target is asked. Any other fault is the source's own (its
	 * endpoint, credentials or project), which its other targets would only repeat: it is one refusal, and the next
	 * source is asked. An interrupted thread ends the check.
	 * @param operator gets one line before probes that take a while
	 */
	public static Findings check(JobSpec spec, SourceClients clients, Window range, Consumer<String> operator) {
		announcement(spec).ifPresent(operator);
		List<Refusal> refusals = new ArrayList<>();
		List<String> answered = new ArrayList<>();
		for (SourceSpec source : spec.sources()) {
			Window first = WindowPlanner.plan(range.start(), range.end(), source.grid(spec.zone())).get(0);
			LogSource client = clients.source(source.id());
			for (TargetSpec target : source.targets()) {
				try {
					client.probe(target, first);
					answered.add(source.id() + "/" + target.id());
				}
				catch (SourceException ex) {
					if (ex.kind() == SourceException.Kind.INTERRUPTED) {
						refusals.add(new Refusal(source.id(), null, ex.getMessage()));
						return new Findings(refusals, answered);
					}
					if (ex.kind() != SourceException.Kind.NOT_FOUND) {
						refusals.add(new Refusal(source.id(), null, ex.getMessage()));
						break;
					}
					refusals.add(new Refusal(source.id(), target.id(), ex.getMessage()));
				}
			}
		}
		return new Findings(refusals, answered);
	}

	/**
	 * The line that explains a long preflight: how many targets are asked, and about how long that takes at the
	 * sources' rate limits (longer when sources share an account).
	 */
	static Optional<String> announcement(JobSpec spec) {
		int targets = 0;
		double seconds = 0;
		for (SourceSpec source : spec.sources()) {
			targets += source.targets().size();
			seconds += source.rateLimit() > 0 ? source.targets().size() / source.rateLimit() : 0;
		}
		if (seconds < ANNOUNCED.toSeconds()) {
			return Optional.empty();
		}
		long rounded = Math.round(seconds);
		int sources = spec.sources().size();
		return Optional.of("checking " + targets + " targets of " + sources + (sources == 1 ? " source" : " sources")
				+ " before anything is written (about " + (rounded < 120 ? rounded + " s" : (rounded + 30) / 60 + " min")
				+ " at their rate limits)");
	}

}
