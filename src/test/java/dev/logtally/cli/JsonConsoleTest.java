package dev.logtally.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --log-format json} makes everything a command prints JSON, not only its log lines: the final table is one
 * event per window with its fields, errors are error events, and every event names the service.
 */
class JsonConsoleTest {

	/** 2026-11-01T00:00 in Beijing. */
	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String SECRET_ID = "AKIDjsonConsole";

	private static final String SECRET_KEY = "json-console-secret-key";

	@TempDir
	Path dir;

	@Test
	void theFinalTableIsOneJsonEventPerWindowWithItsFields() {
		try (ScfEmulator emulator = emulator()) {
			CliRun run = CliRun.of("export", "--job", spec(emulator).toString(), "--from", "2026-11-01", "--to",
					"2026-11-03", "--home", this.dir.resolve("home").toString(), "--log-format", "json");

			assertThat(run.exitCode()).as(run.output()).isZero();
			List<JsonNode> events = everyLineAsJson(run);
			List<JsonNode> windows = events.stream().filter((event) -> event.at("/logtally/window").isObject()).toList();
			assertThat(windows).as(run.output()).hasSize(2);
			JsonNode first = windows.get(0);
			assertThat(first.at("/logtally/job").asString()).isEqualTo("test-export");
			assertThat(first.at("/logtally/run").asLong()).isPositive();
			assertThat(first.at("/logtally/source").asString()).isEqualTo("scf-test");
			assertThat(first.at("/logtally/target").asString()).isEqualTo("fn-a");
			assertThat(first.at("/logtally/window/start").asString()).isEqualTo("2026-10-31T16:00:00Z");
			assertThat(first.at("/logtally/window/end").asString()).isEqualTo("2026-11-01T16:00:00Z");
			assertThat(first.at("/logtally/verdict").asString()).isEqualTo("MATCHED");
			long expected = first.at("/logtally/counts/expected").asLong();
			assertThat(expected).isPositive();
			assertThat(first.at("/logtally/counts/read").asLong()).isEqualTo(expected);
			assertThat(first.at("/logtally/counts/duplicates").asLong()).isZero();
			assertThat(first.at("/logtally/counts/written").asLong()).isEqualTo(expected);
			assertThat(windows.stream().mapToLong((window) -> window.at("/logtally/counts/written").asLong()).sum())
				.isEqualTo(60);
			assertThat(first.at("/log/level").asString()).isEqualTo("INFO");
			assertThat(events).filteredOn((event) -> event.at("/logtally/windows").isNumber()).singleElement()
				.satisfies((totals) -> {
					assertThat(totals.path("message").asString()).isEqualTo("2 windows: 2 MATCHED; 60 records written");
					assertThat(totals.at("/logtally/verdicts/MATCHED").asInt()).isEqualTo(2);
					assertThat(totals.at("/logtally/counts/written").asLong()).isEqualTo(60);
					assertThat(totals.at("/logtally/status").asString()).isEqualTo("COMPLETED");
				});
			assertThat(run.out()).doesNotContain("SOURCE").doesNotContain("+--");
		}
	}

	@Test
	void reconcilesTableIsOneJsonEventPerWindowWithItsCounts() {
		try (ScfEmulator emulator = emulator()) {
			String spec = spec(emulator).toString();
			String home = this.dir.resolve("home").toString();
			assertThat(CliRun.of("export", "--job", spec, "--from", "2026-11-01", "--to", "2026-11-03", "--home", home)
				.exitCode()).isZero();

			CliRun run = CliRun.of("reconcile", "--job", spec, "--from", "2026-11-01", "--to", "2026-11-03", "--home",
					home, "--log-format", "json");

			assertThat(run.exitCode()).as(run.output()).isZero();
			List<JsonNode> windows = everyLineAsJson(run).stream()
				.filter((event) -> event.at("/logtally/window").isObject())
				.toList();
			assertThat(windows).as(run.output()).hasSize(2).allSatisfy((window) -> {
				assertThat(window.at("/logtally/verdict").asString()).isEqualTo("MATCHED");
				assertThat(window.at("/logtally/exportedAs").asString()).isEqualTo("MATCHED");
				assertThat(window.at("/logtally/counts/now").asLong())
					.isEqualTo(window.at("/logtally/counts/archived").asLong());
				assertThat(window.at("/logtally/counts/difference").asLong()).isZero();
			});
		}
	}

	@Test
	void anErrorIsAJsonErrorEventNamingWhatIsWrong() {
		try (ScfEmulator emulator = emulator()) {
			CliRun run = CliRun.of("export", "--job", spec(emulator).toString(), "--from", "2026-11-03", "--to",
					"2026-11-01", "--home", this.dir.resolve("home").toString(), "--log-format", "json");

			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			List<JsonNode> events = everyLineAsJson(run);
			assertThat(events).singleElement().satisfies((event) -> {
				assertThat(event.at("/log/level").asString()).isEqualTo("ERROR");
				assertThat(event.path("message").asString()).startsWith("--from 2026-11-03").contains("must be before");
			});
		}
	}

	@Test
	void aUsageErrorIsJsonWhenJsonWasAskedFor() {
		CliRun run = CliRun.of("export", "--job", "job.yaml", "--from", "2026-11-01", "--to", "2026-11-02",
				"--log-format", "json", "--form", "2026-11-01");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(everyLineAsJson(run)).first().satisfies((event) -> {
			assertThat(event.at("/log/level").asString()).isEqualTo("ERROR");
			assertThat(event.path("message").asString()).contains("--form");
		});
	}

	@Test
	void statusPrintsJsonToo() {
		try (ScfEmulator emulator = emulator()) {
			CliRun run = CliRun.of("status", "--job", spec(emulator).toString(), "--home",
					this.dir.resolve("home").toString(), "--log-format", "json");

			assertThat(run.exitCode()).as(run.output()).isZero();
			assertThat(everyLineAsJson(run)).isNotEmpty();
		}
	}

	/** Every line on either stream, parsed; fails on the first that is not a JSON object naming the service. */
	static List<JsonNode> everyLineAsJson(CliRun run) {
		JsonMapper json = JsonMapper.builder().build();
		return (run.out() + run.err()).lines().map((line) -> {
			JsonNode event = json.readTree(line);
			assertThat(event.isObject()).as(line).isTrue();
			assertThat(event.at("/service/name").asString()).as(line).isEqualTo("logtally");
			assertThat(event.path("@timestamp").asString()).as(line).isNotEmpty();
			return event;
		}).toList();
	}

	private static ScfEmulator emulator() {
		return ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(5).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(2 * 86_400), 60).build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private Path spec(ScfEmulator emulator) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
	}

}
