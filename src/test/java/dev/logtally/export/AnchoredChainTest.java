package dev.logtally.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.logtally.archive.ChainHead;
import dev.logtally.archive.RunManifest;
import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain anchored outside the archive: each run writes its chain head to {@code destination.headFile}, and
 * {@code verify --expect-head} / {@code --expect-head-file} notice what the chain alone cannot, the removal of its
 * newest run manifest with every window only it wrote, or its replacement.
 */
class AnchoredChainTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String JOB = "test-export";

	private static final String RUN_3 = "_runs/test-export/000003.json";

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static Path archive;

	/** The head file as the first run left it: what an operator copied elsewhere then. */
	private static Path headAfterRun1;

	/** The head file as the third run left it. */
	private static Path headAfterRun3;

	@TempDir
	Path dir;

	@BeforeAll
	static void exportThreeDaysInThreeRunsKeepingTheHeadFileOfTheFirstAndTheLast() throws IOException {
		emulator = ScfEmulator.builder()
			.credential("AKIDanchor", "anchor-key")
			.dataset(ScfDataset.builder(23)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(3 * 86_400), 700)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(3 * 86_400), 400)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		archive = shared.resolve("archive");
		Path spec = spec(shared, archive, "heads/test-export.head.json");
		String[][] ranges = { { "2026-11-01", "2026-11-02" }, { "2026-11-02", "2026-11-03" },
				{ "2026-11-03", "2026-11-04" } };
		for (int i = 0; i < ranges.length; i++) {
			export(spec, shared.resolve("home"), ranges[i][0], ranges[i][1]);
			if (i == 0) {
				headAfterRun1 = Files.copy(shared.resolve("heads/test-export.head.json"), shared.resolve("kept-1.json"));
			}
		}
		headAfterRun3 = Files.copy(shared.resolve("heads/test-export.head.json"), shared.resolve("kept-3.json"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void eachRunWritesItsJobsChainHeadToTheHeadFile() throws IOException {
		ChainHead first = ChainHead.read(headAfterRun1);
		ChainHead last = ChainHead.read(headAfterRun3);

		// The first run manifest's SHA-256, as the second recorded it in its link back.
		String run1 = RunManifest.parse(Files.readAllBytes(archive.resolve("_runs/test-export/000002.json")))
			.previous()
			.sha256();
		assertThat(first).isEqualTo(new ChainHead(JOB, 1, "_runs/test-export/000001.json", run1, archive.toString()));
		assertThat(last).isEqualTo(new ChainHead(JOB, 3, RUN_3, Sha256.of(archive.resolve(RUN_3)), archive.toString()));
		assertThat(Files.readString(headAfterRun3)).contains("\"format\" : \"logtally.chain-head/1\"")
			.contains("\"runManifest\" : \"" + RUN_3 + "\"");
		// Only the head file itself: its temporary file was renamed over it.
		try (Stream<Path> files = Files.list(shared.resolve("heads"))) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("test-export.head.json");
		}
	}

	@Test
	void anIntactChainReachesTheExpectedHead() {
		Path copy = copy();
		String head = ChainHead.read(headAfterRun3).sha256();

		CliRun run = CliRun.of("verify", copy.toString(), "--expect-head", head);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("expected head of test-export found: " + RUN_3 + " sha256 " + head
				+ " (the chain's end)").contains(": intact");
	}

	@Test
	void anOlderHeadStillPassesWhenLaterRunsWereAppended() {
		Path copy = copy();

		CliRun run = CliRun.of("verify", copy.toString(), "--expect-head-file", headAfterRun1.toString(),
				"--expect-head", ChainHead.read(headAfterRun3).sha256());

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("expected head of test-export found: _runs/test-export/000001.json sha256 "
				+ ChainHead.read(headAfterRun1).sha256() + " (2 run manifests since)");
	}

	@Test
	void theNewestRunRemovedWithItsWindowsPassesAloneButFailsTheExpectedHead() throws IOException {
		Path copy = copy();
		Files.delete(copy.resolve(RUN_3));
		try (Stream<Path> walk = Files.walk(copy)) {
			for (Path file : walk.filter((path) -> path.toString().contains("dt=2026-11-03"))
				.sorted(Comparator.reverseOrder())
				.toList()) {
				Files.delete(file);
			}
		}
		String head = ChainHead.read(headAfterRun3).sha256();
		String now = "_runs/test-export/000002.json sha256 " + Sha256.of(copy.resolve("_runs/test-export/000002.json"));

		CliRun alone = CliRun.of("verify", copy.toString());
		CliRun bare = CliRun.of("verify", copy.toString(), "--expect-head", head);
		CliRun file = CliRun.of("verify", copy.toString(), "--expect-head-file", headAfterRun3.toString());

		assertThat(alone.exitCode()).as("the gap an anchor closes: " + alone.output()).isZero();
		assertThat(bare.exitCode()).as(bare.output()).isEqualTo(5);
		assertThat(bare.out()).contains("UNANCHORED _runs/: no chain reaches the expected head sha256 " + head
				+ ": the run manifest with that SHA-256, or one after it, was removed, or the chain was replaced; "
				+ "the chains end with " + now)
			.contains("1 problems");
		assertThat(file.exitCode()).as(file.output()).isEqualTo(5);
		assertThat(file.out()).contains("UNANCHORED " + RUN_3 + ": the head file " + headAfterRun3
				+ " expects sequence 3 of test-export with SHA-256 " + head + ", which the chain does not reach: "
				+ RUN_3 + " is missing, and the chain ends with " + now);
	}

	@Test
	void aReplacedNewestRunManifestFailsTheExpectedHeadFile() throws IOException {
		Path copy = copy();
		Path last = copy.resolve(RUN_3);
		Files.writeString(last, Files.readString(last).replace("\"attempt\" : 1", "\"attempt\" : 2"));

		CliRun alone = CliRun.of("verify", copy.toString());
		CliRun run = CliRun.of("verify", copy.toString(), "--expect-head-file", headAfterRun3.toString());

		assertThat(alone.exitCode()).as(alone.output()).isZero();
		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("UNANCHORED " + RUN_3 + ": the head file " + headAfterRun3)
			.contains(RUN_3 + " is there with SHA-256 " + Sha256.of(last) + " instead");
	}

	@Test
	void aHeadFileWhoseSequenceDisagreesWithTheRunManifestFoundFails() throws IOException {
		Path copy = copy();
		Path edited = this.dir.resolve("edited.json");
		Files.writeString(edited, Files.readString(headAfterRun3).replace("\"sequence\" : 3", "\"sequence\" : 4"));

		CliRun run = CliRun.of("verify", copy.toString(), "--expect-head-file", edited.toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("UNANCHORED " + RUN_3 + ": the head file " + edited
				+ " names it as sequence 4 with SHA-256 ")
			.contains("but the run manifest with that SHA-256 is " + RUN_3 + ", sequence 3");
	}

	@Test
	void aHeadFileThatIsNoHeadIsInvalidInputNamingTheFileAndField() throws IOException {
		Path copy = copy();
		Path notJson = Files.writeString(this.dir.resolve("not-json.json"), "{\"format\" : ");
		Path noSha = Files.writeString(this.dir.resolve("no-sha.json"),
				Files.readString(headAfterRun3).replaceAll("\"sha256\" : \"[0-9a-f]+\",", ""));
		Path otherFormat = Files.writeString(this.dir.resolve("other.json"),
				Files.readString(headAfterRun3).replace("logtally.chain-head/1", "logtally.chain-head/9"));

		CliRun first = CliRun.of("verify", copy.toString(), "--expect-head-file", notJson.toString());
		CliRun second = CliRun.of("verify", copy.toString(), "--expect-head-file", noSha.toString());
		CliRun third = CliRun.of("verify", copy.toString(), "--expect-head-file", otherFormat.toString());
		CliRun missing = CliRun.of("verify", copy.toString(), "--expect-head-file", "no-such-head.json");

		assertThat(first.exitCode()).isEqualTo(2);
		assertThat(first.err()).startsWith("logtally: the head file " + notJson + " is not JSON (")
			.doesNotContain("Exception");
		assertThat(second.exitCode()).isEqualTo(2);
		assertThat(second.err()).isEqualTo("logtally: the head file " + noSha + " has no sha256\n");
		assertThat(third.exitCode()).isEqualTo(2);
		assertThat(third.err()).contains("the head file " + otherFormat
				+ " format is \"logtally.chain-head/9\", not \"logtally.chain-head/1\"");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("the head file no-such-head.json does not exist");
	}

	@Test
	void anExpectedHeadThatIsNoSha256IsInvalidInput() {
		CliRun run = CliRun.of("verify", copy().toString(), "--expect-head", "000003.json");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("--expect-head 000003.json is not a SHA-256");
	}

	@Test
	void aHeadFileThatCannotBeWrittenIsRefusedBeforeTheRunWritesAnything() throws IOException {
		Path blocked = Files.writeString(this.dir.resolve("heads"), "a file where the head file's folder should be");
		Path spec = spec(this.dir, this.dir.resolve("archive"), "heads/test-export.head.json");

		CliRun refused = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home").toString());

		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
		assertThat(refused.err()).contains("logtally: cannot write the head file "
				+ blocked.resolve("test-export.head.json") + ": " + blocked + " is a file, not a folder "
				+ "(destination.headFile)");
		assertThat(this.dir.resolve("archive")).doesNotExist();
	}

	@Test
	void validateChecksTheHeadFileAndSaysSoEitherWay() throws IOException {
		Path spec = spec(this.dir, this.dir.resolve("archive"), "heads/test-export.head.json");
		CliRun fine = CliRun.of("validate", "--job", spec.toString(), "--home", this.dir.resolve("home").toString());
		Path blocked = Files.writeString(this.dir.resolve("heads"), "a file where the head file's folder should be");
		CliRun refused = CliRun.of("validate", "--job", spec.toString(), "--home", this.dir.resolve("home").toString());

		assertThat(fine.exitCode()).as(fine.output()).isZero();
		assertThat(fine.out()).contains("; head file " + blocked.resolve("test-export.head.json") + ": ok (writable)");
		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
		assertThat(refused.output()).contains("cannot write the head file " + blocked.resolve("test-export.head.json")
				+ ": " + blocked + " is a file, not a folder (destination.headFile)");
	}

	@Test
	void aHeadFileThatCannotBeWrittenFailsTheRunInOneLineAndTheSameCommandWritesItOnceFixed() throws IOException {
		Path blocked = this.dir.resolve("heads");
		Path spec = spec(this.dir, this.dir.resolve("archive"), "heads/test-export.head.json");
		Path repository = this.dir.resolve("home/jobs/test-export/repository.mv.db");
		// Once the run has begun (its job repository exists; the checks before it leave none), past its preflight.
		emulator.onServed((count) -> {
			try {
				if (Files.exists(repository) && !Files.exists(blocked)) {
					Files.writeString(blocked, "a file where the head file's folder should be");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		CliRun failed;
		try {
			failed = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
					"--home", this.dir.resolve("home").toString());
		}
		finally {
			emulator.onServed((count) -> {
			});
		}

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.err()).contains("cannot write the head file " + blocked.resolve("test-export.head.json")
				+ " (" + blocked + " is a file, not a folder)")
			.contains("the archive is published, its run manifest _runs/test-export/000001.json has SHA-256 "
					+ Sha256.of(this.dir.resolve("archive/_runs/test-export/000001.json")))
			.contains("make " + blocked + " a writable folder, then run the same command again")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		assertThat(CliRun.of("verify", this.dir.resolve("archive").toString()).exitCode()).isZero();

		Files.delete(blocked);
		CliRun again = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home").toString());

		assertThat(again.exitCode()).as(again.output()).isZero();
		ChainHead head = ChainHead.read(blocked.resolve("test-export.head.json"));
		assertThat(head.key()).as("the same run, published again: no second run manifest")
			.isEqualTo("_runs/test-export/000001.json");
		assertThat(head.sha256()).isEqualTo(Sha256.of(this.dir.resolve("archive/_runs/test-export/000001.json")));
	}

	private static Path spec(Path folder, Path archive, String headFile) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.destination(archive)
			.gzip()
			.headFile(headFile)
			.credentialFiles(folder.resolve("credentials"), "AKIDanchor", "anchor-key")
			.function("fn-a")
			.function("fn-b")
			.writeTo(folder.resolve("job.yaml"));
	}

	private static void export(Path spec, Path home, String from, String to) {
		CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home",
				home.toString());
		assertThat(run.exitCode()).as(run.output()).isZero();
	}

	/** A copy of the shared archive, to tamper with. */
	private Path copy() {
		return ArchiveFiles.copy(archive, this.dir.resolve("copy"));
	}

}
