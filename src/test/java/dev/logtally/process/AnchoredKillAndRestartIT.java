package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.ChainHead;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PublicationSwitch;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar killed with SIGKILL right after its run manifest appears, before it wrote its head file: the same command
 * writes the head an uninterrupted run writes, and {@code verify --expect-head-file} through the jar finds it.
 */
class AnchoredKillAndRestartIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDhead", "SCF_KEY", "head-key");

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static ChainHead uninterrupted;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		emulator = ScfEmulator.builder()
			.credential("AKIDhead", "head-key")
			.dataset(ScfDataset.builder(61)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 2_000)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(2 * 86_400), 800)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		Path reference = shared.resolve("reference");
		LogtallyProcess process = export(spec(reference), reference.resolve("home"), shared.resolve("reference.out"));
		assertThat(process.waitFor()).as(process.output()).isZero();
		uninterrupted = ChainHead.read(reference.resolve("heads/head-test.json"));
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void killedBeforeItsHeadFileTheSameCommandWritesTheHeadOfAnUninterruptedRunAndVerifyFindsIt() throws IOException {
		Path spec = spec(this.dir);
		Path headFile = this.dir.resolve("heads/head-test.json");
		LogtallyProcess killed;
		try (PublicationSwitch killSwitch = PublicationSwitch.watchRunManifests(this.dir.resolve("archive"))) {
			killed = export(spec, this.dir.resolve("home"), this.dir.resolve("killed.out"));
			assertThat(killSwitch.killAtFirstManifest(killed)).as("killed before it ended:%n%s", killed.output())
				.isTrue();
		}
		assertThat(killed.waitFor()).isEqualTo(137);

		LogtallyProcess again = export(spec, this.dir.resolve("home"), this.dir.resolve("again.out"));

		assertThat(again.waitFor()).as(again.output()).isZero();
		ChainHead head = ChainHead.read(headFile);
		assertThat(head.link()).isEqualTo(uninterrupted.link());
		assertThat(head.sequence()).isEqualTo(1);
		assertThat(head.archive()).isEqualTo(this.dir.resolve("archive").toString());
		assertThat(Files.readString(headFile)).doesNotContain("head-key");

		LogtallyProcess verify = LogtallyProcess.start(LogtallyProcess.jar(), Map.of(), this.dir.resolve("verify.out"),
				List.of("verify", this.dir.resolve("archive").toString(), "--expect-head-file", headFile.toString()));
		assertThat(verify.waitFor()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("expected head of head-test found: _runs/head-test/000001.json sha256 "
				+ uninterrupted.sha256() + " (the chain's end)");
	}

	private static LogtallyProcess export(Path spec, Path home, Path output) {
		return LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, output, List.of("export", "--job",
				spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--home", home.toString()));
	}

	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("head-test")
			.destination(dir.resolve("archive"))
			.gzip()
			.headFile("heads/head-test.json")
			.window("6h")
			.chunkSize(300)
			.pageSize(200)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.function("fn-b")
			.writeTo(dir.resolve("job.yaml"));
	}

}
