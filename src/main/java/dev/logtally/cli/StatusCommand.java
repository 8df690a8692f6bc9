package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.logtally.reconcile.TextTable;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
		List<Path> reports = new RunReports(folder).json();
		out.println("Job " + spec.name() + " (" + spec.file() + "), reports in " + folder);
		String mark = "none yet (no nightly run)";
		List<List<String>> rows = new ArrayList<>();
		for (Path file : reports) {
			JsonNode report;
			try {
				report = JsonMapper.builder().build().readTree(file.toFile());
			}
			catch (JacksonException ex) {
				err.println("logtally: " + file + " is not a run report: " + ex.getOriginalMessage());
				continue;
			}
			if (report.has("highWaterMark")) {
				mark = local(spec, report.get("highWaterMark").asString()) + " (nightly run that finished "
						+ local(spec, report.get("finishedAt").asString()) + ")";
			}
			List<String> verdicts = new ArrayList<>();
			report.path("verdicts").properties().forEach((entry) -> verdicts.add(entry.getValue().asInt() + " "
					+ entry.getKey()));
			// "run <id>", as the run's log lines, summary and report files name it.
			rows.add(List.of("run " + report.path("executionId").asString(), local(spec, report.path("finishedAt").asString()), report.path("command").asString(),
					local(spec, report.at("/range/from").asString()) + " " + local(spec, report.at("/range/to").asString()),
					report.path("status").asString(), report.path("exitCode").asString(), String.join(", ", verdicts)));
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
