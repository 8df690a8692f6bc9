package dev.logtally.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spec edited by hand with a value of the wrong type, a number no field takes, or a key given twice is refused
 * before anything runs: exit 2, one line naming the file, the field and what it must be, nothing written.
 */
class SpecValueErrorsTest {

	@TempDir
	Path dir;

	@Test
	void refusesAListAsTheChunkSize() throws IOException {
		CliRun run = export(spec().replace("chunkSize: 200\n", "chunkSize: [1,2]\n"));

		assertRefusedInOneLine(run, "job.yaml: chunkSize: must be a whole number between 1 and 100000, got a list (line 3)");
	}

	@Test
	void refusesAMappingAsThePageSize() throws IOException {
		CliRun run = export(spec().replace("pageSize: 100\n", "pageSize: {a: 1}\n"));

		assertRefusedInOneLine(run,
				"job.yaml: sources[0].pageSize: must be a whole number between 1 and 10000, got a mapping (line 17)");
	}

	@Test
	void refusesAChunkSizeBeyondAnyWholeNumberTypeNamingTheRange() throws IOException {
		CliRun run = export(spec().replace("chunkSize: 200\n", "chunkSize: 99999999999999999999999\n"));

		assertRefusedInOneLine(run, "job.yaml: chunkSize: must be between 1 and 100000, got 99999999999999999999999 (line 3)");
	}

	@Test
	void refusesAFractionWhereAWholeNumberIsExpected() throws IOException {
		CliRun run = export(spec().replace("concurrency: 4\n", "concurrency: 2.5\n"));

		assertRefusedInOneLine(run, "job.yaml: concurrency: must be a whole number between 1 and 64, got 2.5 (line 4)");
	}

	@Test
	void refusesAZoneGivenTwiceRatherThanWritingInTheLastOne() throws IOException {
		CliRun run = export(spec().replace("zone: \"+08:00\"\n", "zone: \"+08:00\"\nzone: UTC\n"));

		assertRefusedInOneLine(run, "job.yaml: zone: is given twice; keep one (line 3)");
	}

	@Test
	void refusesAFieldLeftWithoutAValue() throws IOException {
		CliRun run = export(spec().replace("zone: \"+08:00\"\n", "zone:\n"));

		assertRefusedInOneLine(run, "job.yaml: zone: has no value; give one or leave the field out (line 2)");
	}

	@Test
	void listsEveryWrongValueAtOnce() throws IOException {
		CliRun run = export(spec().replace("chunkSize: 200\n", "chunkSize: [1,2]\n")
			.replace("pageSize: 100\n", "pageSize: {a: 1}\n")
			.replace("rateLimit: 1000\n", "rateLimit: yes\n"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).as(run.output())
			.contains("job.yaml has 3 problems:")
			.contains("  chunkSize: must be a whole number between 1 and 100000, got a list")
			.contains("  sources[0].pageSize: must be a whole number between 1 and 10000, got a mapping")
			.contains("  sources[0].rateLimit: must be a number greater than 0.0, got \"yes\"")
			.doesNotContain("\tat ");
		assertNothingWritten();
	}

	/** Every command that reads a job spec, with the other arguments it needs. */
	static Stream<List<String>> commandsThatReadASpec() {
		return Stream.of(List.of("export", "--from", "2026-11-01", "--to", "2026-11-02"),
				List.of("rerun", "--from", "2026-11-01", "--to", "2026-11-02", "--reason", "fuzz"),
				List.of("nightly"), List.of("reconcile", "--from", "2026-11-01", "--to", "2026-11-02"),
				List.of("verify"), List.of("status"), List.of("worker", "--broker", "tcp://127.0.0.1:1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commandsThatReadASpec")
	void everyCommandThatReadsASpecRefusesAWrongValueTheSameWay(List<String> command) throws IOException {
		Path spec = Files.writeString(this.dir.resolve("job.yaml"),
				spec().replace("chunkSize: 200\n", "chunkSize: [1,2]\n"));
		List<String> args = new ArrayList<>(command);
		args.addAll(List.of("--job", spec.toString()));
		if (!command.get(0).equals("verify")) {
			args.addAll(List.of("--home", this.dir.resolve("home").toString()));
		}

		CliRun run = CliRun.of(args.toArray(String[]::new));

		assertRefusedInOneLine(run, "job.yaml: chunkSize: must be a whole number between 1 and 100000, got a list (line 3)");
	}

	private String spec() {
		return SpecBuilder.forEndpoint(URI.create("http://127.0.0.1:9"))
			.destination(this.dir.resolve("archive"))
			.credentialVariables("LOGTALLY_TEST_SECRET_ID", "LOGTALLY_TEST_SECRET_KEY")
			.nightly("{start: 2026-11-01}")
			.function("fn-a")
			.yaml();
	}

	private CliRun export(String yaml) throws IOException {
		Path spec = Files.writeString(this.dir.resolve("job.yaml"), yaml);
		return CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--home",
				this.dir.resolve("home").toString());
	}

	private void assertRefusedInOneLine(CliRun run, String message) {
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err().strip()).as(run.output())
			.isEqualTo("logtally: job spec " + this.dir.resolve(message.substring(0, message.indexOf(':')))
					+ message.substring(message.indexOf(':')));
		assertNothingWritten();
	}

	private void assertNothingWritten() {
		assertThat(Files.exists(this.dir.resolve("archive"))).as("archive written").isFalse();
		assertThat(Files.exists(this.dir.resolve("home"))).as("home or job repository created").isFalse();
	}

}
