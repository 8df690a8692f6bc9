package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import dev.logtally.archive.Archive;
import dev.logtally.archive.WindowVersions;
import dev.logtally.batch.WindowPartition;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.JobSpec;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code logtally rerun}: exports a past range again, for a stated reason. A window whose data comes out the same
 * stays as it is; a window whose data changed gets a new version that records what it replaced, why, by whom and
 * when, and the version it replaced is kept.
 */
@Command(name = "rerun", mixinStandardHelpOptions = true, sortOptions = false,
		modelTransformer = RerunCommand.RequiredReason.class,
		description = { "Export a past range again (--reason is required) and say, window by window, whether it "
				+ "changed.", "A changed window becomes a new version; the version it replaces is kept under "
						+ "<stem>.versions/<n>/ and named by the new manifest, with the reason, the user and the time. "
						+ "An unchanged window keeps its bytes." })
public final class RerunCommand extends ExportCommand {

	public RerunCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	RerunCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		if (this.reason == null || this.reason.isBlank() || "export".equals(this.reason)) {
			return "--reason is required for rerun: say why the range is exported again (it is recorded in every "
					+ "window whose content changes)";
		}
		return super.problem(spec);
	}

	@Override
	String commandName() {
		return "rerun";
	}

	/**
	 * {@code --reason} as rerun takes it: required, with no default (export's {@code --reason} is the same field, and
	 * optional there).
	 */
	static final class RequiredReason implements CommandLine.IModelTransformer {

		@Override
		public CommandSpec transform(CommandSpec command) {
			OptionSpec optional = command.findOption("--reason");
			command.remove(optional);
			command.addOption(OptionSpec.builder(optional)
				.required(true)
				.description("Why the range is exported again, recorded in every window whose content changes (the "
						+ "version it replaces is kept).")
				.build());
			return command;
		}

	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		int code = super.execute(spec, clients, archive, out, err);
		WindowVersions versions = new WindowVersions(archive.store());
		int changed = 0;
		int unchanged = 0;
		for (WindowPartition partition : WindowPartition.plan(spec, this.start, this.end)) {
			String key = archive.layout().manifestKey(partition.source(), partition.target(), partition.window());
			Optional<WindowVersions.Current> current;
			try {
				current = versions.current(key);
			}
			catch (IllegalStateException ex) {
				// A manifest changed outside logtally: the run's own lines said so; the summary names it too.
				out.println(partition.source() + "/" + partition.target() + " " + partition.window()
						+ " not published: " + ex.getMessage());
				continue;
			}
			String what;
			if (current.isEmpty()) {
				what = "not published";
			}
			else if (current.get().provenance() != null && this.provenance != null
					&& current.get().provenance().equals(this.provenance)) {
				what = "changed: version " + current.get().version() + " replaces version "
						+ (current.get().version() - 1) + ", kept as " + current.get().supersedes().key();
				changed++;
			}
			else {
				what = "unchanged: version " + current.get().version();
				unchanged++;
			}
			out.println(partition.source() + "/" + partition.target() + " " + partition.window() + " " + what);
		}
		out.println(changed + " windows changed, " + unchanged + " unchanged");
		return code;
	}

}
