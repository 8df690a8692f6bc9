package dev.logtally.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import dev.logtally.archive.ChainHead;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.MutableClock;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The head file of a nightly job: each night that exports writes the chain's new head; a night with nothing to export
 * appends nothing and leaves the head file as it is.
 */
class NightlyHeadFileTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private final MutableClock clock = new MutableClock(beijing("2026-11-03T03:00"));

	@TempDir
	Path dir;

	@Test
	void eachNightThatExportsWritesTheHeadAndANightWithNothingToDoLeavesItAsItIs() throws Exception {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDnighthead", "night-head-key")
			.dataset(ScfDataset.builder(13).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(5 * 86_400), 600).build())
			.clock(this.clock)
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.name("nightly")
				.nightly("{start: 2026-11-01, settleDelay: 2h}")
				.destination(this.dir.resolve("archive"))
				.headFile("heads/nightly.json")
				.credentialFiles(this.dir.resolve("credentials"), "AKIDnighthead", "night-head-key")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			Path headFile = this.dir.resolve("heads/nightly.json");

			CliRun first = nightly(spec);
			assertThat(first.exitCode()).as(first.output()).isZero();
			ChainHead firstHead = ChainHead.read(headFile);
			assertThat(firstHead.key()).isEqualTo("_runs/nightly/000001.json");
			byte[] bytes = Files.readAllBytes(headFile);
			Files.setLastModifiedTime(headFile, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

			this.clock.set(beijing("2026-11-03T05:00"));
			CliRun idle = nightly(spec);
			assertThat(idle.exitCode()).as(idle.output()).isZero();
			assertThat(idle.out()).contains("Nothing to export");
			assertThat(Files.readAllBytes(headFile)).isEqualTo(bytes);
			assertThat(Files.getLastModifiedTime(headFile))
				.isEqualTo(FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

			this.clock.set(beijing("2026-11-04T03:00"));
			CliRun next = nightly(spec);
			assertThat(next.exitCode()).as(next.output()).isZero();
			assertThat(ChainHead.read(headFile).key()).isEqualTo("_runs/nightly/000002.json");
			Path kept = Files.write(this.dir.resolve("kept-first.json"), bytes);
			CliRun verified = CliRun.of("verify", this.dir.resolve("archive").toString(), "--expect-head-file",
					kept.toString(), "--expect-head-file", headFile.toString());
			assertThat(verified.exitCode()).as(verified.output()).isZero();
			assertThat(verified.out()).contains("expected head of nightly found: _runs/nightly/000001.json sha256 "
					+ firstHead.sha256() + " (1 run manifest since)");
		}
	}

	private CliRun nightly(Path spec) {
		return CliRun.at(this.clock, "nightly", "--job", spec.toString(), "--home", this.dir.resolve("home").toString());
	}

	private static Instant beijing(String localDateTime) {
		return java.time.LocalDateTime.parse(localDateTime).atOffset(java.time.ZoneOffset.ofHours(8)).toInstant();
	}

}
