package dev.logtally.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.logtally.reconcile.TextTable;
import dev.logtally.report.RunReport;
import dev.logtally.report.RunReports;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.jobspec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logtally status}: the state of a job spec from its run reports: the high-water mark of its last nightly run
 * and its recent runs with their verdicts. Reads only the reports under the home folder; asks no source.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Print a job's high-water mark and its recent runs, from the reports under the home folder.")
public final class StatusCommand implements Callable<Integer> {

	private static final List<String> HEADER = List.of("RUN", "FINISHED", "COMMAND", "RANGE ([from, to) in the job's zone)", "STATUS",
			"EXIT", "VERDICTS");

	@Spec
	CommandSpec command;

	@Option(names = { "-j", "--job" }, required = true, paramLabel = "SPEC", description = "The job spec (YAML).")
	Path job;

	@Option(names = "--runs", paramLabel = "N", description = "How many recent runs to list. Default: 10.")
	int runs = 10;

	@Mixin
	RepositoryOptions repository = new RepositoryOptions();

	private final Map<String, String> environment;

	public StatusCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	/** @param clock unused: the constructor the other commands have, for tests that set both */
	StatusCommand(Map<String, String> environment, Clock clock) {
		this.environment = environment;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.command.commandLine().getOut();
		PrintWriter err = this.command.commandLine().getErr();
		JobSpec spec;
		Path folder;
		try {
			spec = new JobSpecLoader(SourceKinds.all(), Map.of()).load(this.job);
			String problem = this.repository.problem();
			if (problem != null) {
				return JobCommand.invalid(err, problem);
			}
			// The same home as the runs', --config's logtally.home included.
			folder = this.repository.home(this.environment).resolve("reports").resolve(spec.name());
		}
		catch (SpecException | IllegalArgumentException ex) {
			return JobCommand.invalid(err, ex.getMessage());
		}
		RunReports stored = new RunReports(folder);
		List<Path> reports = stored.json();
		out.println("Job " + spec.name() + " (" + spec.file() + "), reports in " + folder);
		String mark = "none yet (no nightly run)";
		List<List<String>> rows = new ArrayList<>();
		for (Path file : reports) {
			RunReport.Listing report;
			try {
				report = stored.listing(file);
			}
			catch (IllegalArgumentException ex) {
				err.println("logtally: " + ex.getMessage());
				continue;
			}
			if (report.highWaterMark() != null) {
				mark = local(spec, report.highWaterMark()) + " (nightly run that finished "
						+ local(spec, report.finishedAt()) + ")";
			}
			List<String> verdicts = new ArrayList<>();
			report.verdicts().forEach((verdict, count) -> verdicts.add(count + " " + verdict));
			// "run <id>", as the run's log lines, summary and report files name it.
			rows.add(List.of("run " + report.executionId(), local(spec, report.finishedAt()), report.command(),
					local(spec, report.from()) + " " + local(spec, report.to()), report.status(), report.exitCode(),
					String.join(", ", verdicts)));
		}
		out.println("High-water mark: " + mark);
		if (rows.isEmpty()) {
			out.println("No runs reported yet.");
		}
		else {
			out.print(TextTable.render(HEADER, rows.subList(Math.max(0, rows.size() - this.runs), rows.size()),
					java.util.Set.of(5)));
		}
		out.flush();
		return ExitCode.OK.code();
	}

	/**
	 * A report's instant as the job's zone sees it, to the second, as the run's table shows windows; a report from
	 * elsewhere whose text is no instant is shown as it is.
	 */
	private static String local(JobSpec spec, String instant) {
		try {
			return RunPlan.time(spec, java.time.Instant.parse(instant));
		}
		catch (java.time.format.DateTimeParseException ex) {
			return instant;
		}
	}

}
