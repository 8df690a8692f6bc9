package dev.logtally.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import dev.logtally.testing.TermSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally schedule} as a long-running process, with a cron that fires every few seconds: SIGTERM during its
 * export stops the run cleanly (exit 143), and the next nightly run resumes it to the same bytes as an uninterrupted
 * nightly run.
 */
class ScheduleIT {

	/**
	 * A week ago: the first night has seven days to export. The processes use the real clock, so the reference and the
	 * resumed run agree on the settled end unless a Beijing midnight passes between them (the test takes seconds).
	 */
	private static final Instant START = Instant.now().minusSeconds(7 * 86_400);

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDschedule", "SCF_KEY", "schedule-key");

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static Path reference;

	private static final TermSwitch termSwitch = new TermSwitch();

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndRunNightlyOnceWithoutInterruption() {
		emulator = ScfEmulator.builder()
			.credential("AKIDschedule", "schedule-key")
			.dataset(ScfDataset.builder(31)
				.function("default", "fn-a", START.minusSeconds(86_400), Instant.now(), 7_000)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		emulator.onServed(termSwitch::served);
		reference = shared.resolve("reference");
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), args("nightly", spec(reference), reference.resolve("home")));
		assertThat(process.waitFor()).as(process.output()).isZero();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void sigtermDuringAScheduledRunStopsItCleanlyAndTheNextNightResumesItExactly() {
		Path spec = spec(this.dir);
		int terminateAt = emulator.servedCount() + 30;
		LogtallyProcess schedule = termSwitch.arm(LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("schedule.out"), args("schedule", spec, this.dir.resolve("home"))), terminateAt);
		int exit = schedule.waitFor();

		assertThat(exit).as(schedule.output()).isEqualTo(143);
		assertThat(schedule.output()).contains("logtally: schedule: next nightly run of schedule at ")
			.contains("stopping at the next chunk boundary")
			.containsPattern("STOPPED by SIGTERM: .* of \\d+ windows; run the same command again to resume it");

		LogtallyProcess night = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, this.dir.resolve("night.out"),
				args("nightly", spec, this.dir.resolve("home")));
		assertThat(night.waitFor()).as(night.output()).isZero();
		assertThat(night.output()).contains("resumed: an earlier nightly run did not finish it");
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	@Test
	void whileWaitingItServesItsMetricsAndSigtermEndsTheProcessAtOnce() throws Exception {
		Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
			.name("schedule-idle")
			.nightly("{start: " + START.toString().substring(0, 10) + ", cron: '0 0 0 1 1 *'}")
			.destination(this.dir.resolve("archive"))
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
		List<String> args = new java.util.ArrayList<>(args("schedule", spec, this.dir.resolve("home")));
		args.addAll(List.of("--metrics-port", "0"));
		LogtallyProcess schedule = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("idle.out"), args);
		awaitOutput(schedule, "next nightly run of schedule-idle at ");
		String output = schedule.output();
		String url = output.substring(output.indexOf("metrics at ") + "metrics at ".length()).lines().findFirst()
			.orElseThrow();
		java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("logtally_schedule_next_run_seconds{logtally_job=\"schedule-idle\"}");

		schedule.terminate();

		assertThat(schedule.waitFor()).as(schedule.output()).isEqualTo(143);
		assertThat(schedule.output()).contains("SIGTERM while waiting: stopped");
	}

	/** A cron that fires every two seconds, small pages at 20 requests a second. */
	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("schedule")
			.nightly("{start: " + START.toString().substring(0, 10) + ", settleDelay: 1h, cron: '*/2 * * * * *'}")
			.destination(dir.resolve("archive"))
			.pageSize(50)
			.chunkSize(50)
			.rateLimit(20)
			.concurrency(2)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> args(String command, Path spec, Path home) {
		return List.of(command, "--job", spec.toString(), "--home", home.toString());
	}

	private static void awaitOutput(LogtallyProcess process, String text) {
		process.awaitOutput(text, Duration.ofSeconds(60));
	}

}
