package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.Archive;
import dev.logtally.source.SourceClients;
import dev.logtally.source.SourcePreflight;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;

/**
 * {@code logtally validate}: the checks a run makes before it writes anything, every one of them, and no run: the
 * spec and its credentials, every target of every source (one log of the last settled window asked for), the
 * destination (writable) and the home. Starts no application, so it neither opens nor creates the job repository,
 * and records no execution; like a run's own check of the home, it creates {@code <home>/logs} if missing.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Check a job spec as a run would before it writes anything, and run nothing.",
				"Checks the spec, its credentials and its signing key, asks every target of every source for one log of the last "
						+ "settled window, and checks that the destination and the home can be written. One line per "
						+ "check. Exit code 0 when every check passes, 2 when one fails (as the run would exit), "
						+ "1 when the home's disk is full." })
public final class ValidateCommand extends JobCommand {

	public ValidateCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	ValidateCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		return null;
	}

	/** The last window of every source that a nightly run could export now: any window serves to ask a target. */
	@Override
	Window preflightRange(JobSpec spec) {
		return NightlyCommand.lastSettled(spec, this.clock.instant());
	}

	@Override
	Integer check(JobSpec spec, Preflight preflight, PrintWriter out, PrintWriter err) {
		Lines lines = new Lines(out, err);
		int targets = spec.sources().stream().mapToInt((source) -> source.targets().size()).sum();
		lines.ok("spec", null, null, "spec " + spec.file() + ": ok (job " + spec.name() + ", "
				+ count(spec.sources().size(), "source") + ", " + count(targets, "target") + ", zone " + spec.zone()
				+ ")");
		if (preflight.archive().signingKey() != null) {
			// Read by then: a key that cannot be used ended the command as the spec's input error.
			lines.ok("signing", null, null, "signing: ok (Ed25519 key " + preflight.archive().signingKey().keyId()
					+ " signs every run manifest)");
		}
		Window range = preflightRange(spec);
		SourcePreflight.Findings findings = preflight.sources(range, (line) -> lines.note(line));
		for (SourceSpec source : spec.sources()) {
			SourcePreflight.Refusal own = findings.refusals()
				.stream()
				.filter((refusal) -> refusal.source().equals(source.id()) && refusal.target() == null)
				.findFirst()
				.orElse(null);
			boolean sourceFailed = false;
			for (TargetSpec target : source.targets()) {
				String name = source.id() + "/" + target.id();
				SourcePreflight.Refusal refused = findings.refusals()
					.stream()
					.filter((refusal) -> refusal.source().equals(source.id()) && target.id().equals(refusal.target()))
					.findFirst()
					.orElse(null);
				if (findings.answered(source.id(), target.id())) {
					lines.ok("target", source.id(), target.id(), "target " + name + ": ok");
				}
				else if (refused != null) {
					lines.failed("target", source.id(), target.id(), refused.line(), ExitCode.INVALID_INPUT);
				}
				else if (own != null) {
					// The source's own fault (endpoint, credentials, project) is reported once, at its first target
					// not answered; its other targets were not asked, as a run would not ask them.
					lines.failed("source", source.id(), target.id(), own.line(), ExitCode.INVALID_INPUT);
					own = null;
					sourceFailed = true;
				}
				else {
					// After its source's own fault, or after an interrupt ended the check.
					lines.skipped("target", source.id(), target.id(), "target " + name + ": not checked"
							+ (sourceFailed ? ": its source failed above" : ""));
				}
			}
		}
		String destination = preflight.destinationProblem();
		if (destination == null) {
			// An S3 store is probed by listing its prefix, as a run's preflight does; a local folder by writing there.
			lines.ok("destination", null, null, "destination " + spec.destination().describe() + ": ok ("
					+ (spec.destination().isS3() ? "reachable" : "writable") + ")"
					+ (spec.destination().headFile() == null ? ""
							: "; head file " + spec.destination().headFile() + ": ok (writable)"));
		}
		else {
			lines.failed("destination", null, null, destination, ExitCode.INVALID_INPUT);
		}
		String home = preflight.homeProblem();
		if (home == null) {
			lines.ok("home", null, null, "home " + preflight.home() + ": ok (writable)");
		}
		else {
			lines.failed("home", null, null, home, Preflight.exitCode(home));
		}
		return lines.end();
	}

	/** Checking is no run: the job's metrics keep the last run's exit code. */
	@Override
	boolean publishesRun() {
		return false;
	}

	/** Never reached: {@link #check} ends the command. */
	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		throw new IllegalStateException("validate runs nothing");
	}

	private static String count(int count, String what) {
		return count + " " + what + (count == 1 ? "" : "s");
	}

	/**
	 * The checks' lines: passed ones on standard output, failed ones on standard error as the run prints them; in
	 * {@code --log-format json} one JSON object a line (Elastic Common Schema, with the check's own fields).
	 */
	private static final class Lines {

		private final PrintWriter out;

		private final PrintWriter err;

		private int checks;

		private final List<ExitCode> failures = new ArrayList<>();

		Lines(PrintWriter out, PrintWriter err) {
			this.out = out;
			this.err = err;
		}

		void ok(String check, @Nullable String source, @Nullable String target, String line) {
			this.checks++;
			print(this.out, JsonConsole.Level.INFO, check, source, target, "ok", line);
		}

		void skipped(String check, @Nullable String source, @Nullable String target, String line) {
			this.checks++;
			print(this.out, JsonConsole.Level.WARN, check, source, target, "not checked", line);
		}

		void failed(String check, @Nullable String source, @Nullable String target, String reason, ExitCode code) {
			this.checks++;
			this.failures.add(code);
			print(this.err, JsonConsole.Level.ERROR, check, source, target, "failed", reason);
		}

		/** A line about the checks themselves (a long preflight announced), on standard error like a run's. */
		void note(String line) {
			print(this.err, JsonConsole.Level.INFO, "announcement", null, null, null, line);
		}

		/** The summary line; @return the exit code: 2 when an input is wrong, else 1 when a check failed, else 0 */
		int end() {
			if (this.failures.isEmpty()) {
				print(this.out, JsonConsole.Level.INFO, "summary", null, null, "ok",
						"All " + this.checks + " checks passed; nothing was run.");
				return ExitCode.OK.code();
			}
			ExitCode code = this.failures.contains(ExitCode.INVALID_INPUT) ? ExitCode.INVALID_INPUT : ExitCode.FAILED;
			print(this.err, JsonConsole.Level.ERROR, "summary", null, null, "failed",
					this.failures.size() + " of " + this.checks + " checks failed; nothing was run.");
			return code.code();
		}

		private void print(PrintWriter to, JsonConsole.Level level, String check, @Nullable String source,
				@Nullable String target, @Nullable String status, String line) {
			// With --log-format json the command line's writers are JSON consoles: the check's fields go with it.
			if (!(to instanceof JsonConsole json)) {
				to.println(to == this.err ? "logtally: " + line : line);
				to.flush();
				return;
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("logtally.check", check);
			if (source != null) {
				fields.put("logtally.source", source);
			}
			if (target != null) {
				fields.put("logtally.target", target);
			}
			if (status != null) {
				fields.put("logtally.status", status);
			}
			json.event(level, line, fields);
		}

	}

}
