package dev.logtally.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The help says what the commands do, and reads on an 80-column terminal: required options are marked, no default is
 * shown that the command does not apply, no word or option is split across lines, and a mistyped command line gets
 * its reason and where the help is, not 40 lines of help.
 */
class HelpTextTest {

	static Stream<String> commands() {
		return Stream.concat(Stream.of(""),
				LogtallyCli.commandLine(CommandLine.defaultFactory()).getSubcommands().keySet().stream());
	}

	@ParameterizedTest(name = "logtally {0} --help")
	@MethodSource("commands")
	void helpAt80ColumnsSplitsNoWordOrOptionAcrossLines(String command) {
		String narrow = help(command, 80);
		String wide = help(command, 2000);

		assertThat(narrow.lines()).as(narrow).allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(80));
		// Wrapping only ever replaces a space: the same words, in the same order, as on one long line each.
		assertThat(words(narrow)).as(narrow).containsExactlyElementsOf(words(wide));
	}

	@Test
	void rerunMarksTheReasonAsRequiredAndShowsNoDefaultForIt() {
		CliRun run = CliRun.of("rerun", "--help");

		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains(" --reason=TEXT").doesNotContain("[--reason=TEXT]").doesNotContain("Default: export");
	}

	@Test
	void rerunWithoutAReasonIsAUsageErrorNamingTheOption() {
		CliRun run = CliRun.of("rerun", "--job", "job.yaml", "--from", "2026-11-01", "--to", "2026-11-02");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).startsWith("logtally: Missing required option: '--reason=TEXT'");
	}

	@Test
	void sandboxHelpNamesEverySandboxItStarts() {
		CliRun run = CliRun.of("sandbox", "--help");

		assertThat(String.join(" ", words(run.out()))).contains("SCF API 3.0").contains("legacy SCF").contains("SLS").contains("RDS")
			.doesNotContain("Run the built-in SCF API 3.0 sandbox on loopback until")
			.contains("SLS, RDS and legacy SCF take the next three");
	}

	@Test
	void aUsageErrorPrintsItsReasonAndWhereTheHelpIsNotTheHelp() {
		CliRun run = CliRun.of("export", "--job", "job.yaml", "--from", "2026-11-01", "--to", "2026-11-02", "--form",
				"2026-11-01");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err().lines().toList()).as(run.output())
			.hasSizeLessThanOrEqualTo(3)
			.first()
			.asString()
			.startsWith("logtally: ")
			.contains("--form");
		assertThat(run.err()).contains("Run 'logtally export --help' for usage.").doesNotContain("Usage:");
	}

	@Test
	void aMissingCommandSaysSoAndWhereTheHelpIs() {
		CliRun run = CliRun.of();

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).isEqualTo("logtally: a command is required" + System.lineSeparator()
				+ "Run 'logtally --help' for usage." + System.lineSeparator());
	}

	private static String help(String command, int width) {
		CommandLine commandLine = LogtallyCli.commandLine(CommandLine.defaultFactory());
		commandLine.setUsageHelpWidth(width);
		return (command.isEmpty() ? commandLine : commandLine.getSubcommands().get(command)).getUsageMessage();
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.split("\\s+")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

}
