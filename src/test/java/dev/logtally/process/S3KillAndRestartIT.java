package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.FaultyS3Proxy.Call;
import dev.logtally.testing.FaultyS3Proxy;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.S3Specs;
import dev.logtally.testing.S3TestBucket;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar exporting to S3 (S3Mock behind a proxy), killed with SIGKILL in the middle of multipart uploads and
 * restarted: the restart resumes each upload with the parts S3 already holds, no upload is left open, and the
 * finished archive holds exactly the bytes of an uninterrupted export to a local directory.
 */
class S3KillAndRestartIT {

	private static final String BUCKET = S3TestBucket.BUCKET;

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDs3process", "SCF_KEY",
			"s3-process-key");

	@RegisterExtension
	static final S3MockExtension S3 = S3TestBucket.server();

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static FaultyS3Proxy proxy;

	private static S3TestBucket bucket;

	private static KillSwitch killSwitch;

	private static Map<String, byte[]> reference;

	@TempDir
	Path dir;

	@BeforeAll
	static void startAndExportOnceToALocalDirectory() {
		emulator = ScfEmulator.builder()
			.credential("AKIDs3process", "s3-process-key")
			.dataset(ScfDataset.builder(17)
				.largeFields(5, 200_000)
				.function("default", "fn-big", DAY_1, DAY_1.plusSeconds(2 * 86_400), 600)
				.function("default", "fn-small", DAY_1, DAY_1.plusSeconds(2 * 86_400), 40)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		bucket = new S3TestBucket(S3);
		proxy = new FaultyS3Proxy(bucket.endpoint());
		killSwitch = new KillSwitch(() -> proxy.count(Call.UPLOAD_PART));
		proxy.onCall((call) -> {
			if (call == Call.UPLOAD_PART) {
				killSwitch.served(proxy.count(Call.UPLOAD_PART));
			}
		});
		Path local = shared.resolve("reference");
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), args(S3Specs.write(local.resolve("job.yaml"), spec(local).yaml()),
						local.resolve("home"), "2026-11-01", "2026-11-03"));
		assertThat(process.waitFor()).as(process.output()).isZero();
		reference = ArchiveFiles.snapshot(local.resolve("archive"));
	}

	@AfterAll
	static void stop() {
		emulator.close();
		proxy.close();
		bucket.close();
	}

	@Test
	void killedMidUploadAgainAndAgainItResumesTheUploadsAndEndsWithTheBytesOfALocalExport() {
		String prefix = "resumed";
		Path spec = s3Spec(prefix);
		int createdBefore = proxy.count(Call.CREATE_UPLOAD);

		List<String> outputs = killSwitch.killAndRestart(List.of(2, 2, 3),
				(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("run-" + attempt + ".out"),
						args(spec, this.dir.resolve("home"), "2026-11-01", "2026-11-03")));

		assertThat(objects(prefix)).as(String.join("\n", outputs)).containsOnlyKeys(reference.keySet());
		assertSame(objects(prefix));
		assertThat(openUploads(prefix)).isEmpty();
		assertThat(proxy.count(Call.CREATE_UPLOAD) - createdBefore)
			.as("each large window's upload was started once and resumed after every kill")
			.isEqualTo(2);

		Map<String, String> aws = new java.util.HashMap<>(ENVIRONMENT);
		aws.putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIAVERIFY", "AWS_SECRET_ACCESS_KEY", "verify-secret"));
		LogtallyProcess verify = LogtallyProcess.start(LogtallyProcess.jar(), aws, this.dir.resolve("verify.out"),
				List.of("verify", "s3://" + BUCKET + "/" + prefix, "--endpoint", proxy.endpoint().toString()));
		assertThat(verify.waitFor()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("s3://" + BUCKET + "/" + prefix + ": ").contains(": intact");
	}

	@Test
	void anUploadOutsideTheRunsRangeIsAbortedUnderTheLockAndItsWindowIsUploadedAgainByItsNextRun() {
		String prefix = "swept";
		Path spec = s3Spec(prefix);

		List<String> outputs = killSwitch.killAndRestart(List.of(2),
				(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("run-" + attempt + ".out"),
						// The rerun covers only the second day: the first day's open upload is nobody's.
						args(spec, this.dir.resolve("home"), attempt == 0 ? "2026-11-01" : "2026-11-02", "2026-11-03")));

		assertThat(openUploads(prefix)).as(String.join("\n", outputs)).isEmpty();
		assertThat(outputs.get(1)).contains("aborted the unfinished upload scf-test/fn-big/dt=2026-11-01/")
			.contains("its window is outside this run's range; the next run of that window uploads it again")
			.doesNotContain("no run will resume");
		assertThat(objects(prefix)).containsKey("scf-test/fn-big/dt=2026-11-02/20261101T160000Z_20261102T160000Z.csv")
			.doesNotContainKey("scf-test/fn-big/dt=2026-11-01/20261031T160000Z_20261101T160000Z.csv");

		// The first range's run, resumed: it exports the first day again, in a new upload, as the line said.
		LogtallyProcess resumed = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("run-resumed.out"), args(spec, this.dir.resolve("home"), "2026-11-01", "2026-11-03"));
		assertThat(resumed.waitFor()).as(resumed.output()).isZero();
		assertThat(openUploads(prefix)).isEmpty();
		Map<String, byte[]> objects = objects(prefix);
		assertThat(objects).containsKey("scf-test/fn-big/dt=2026-11-01/20261031T160000Z_20261101T160000Z.csv");
		objects.forEach((key, bytes) -> {
			if (!key.startsWith("_runs/")) {
				assertThat(bytes).as(key).isEqualTo(reference.get(key));
			}
		});
	}

	private static void assertSame(Map<String, byte[]> objects) {
		List<String> different = new ArrayList<>();
		reference.forEach((key, bytes) -> {
			if (!java.util.Arrays.equals(bytes, objects.get(key))) {
				different.add(key);
			}
		});
		assertThat(different).as("objects whose bytes differ from the local export").isEmpty();
	}

	private Path s3Spec(String prefix) {
		return S3Specs.write(this.dir.resolve("job.yaml"), S3Specs.toS3(spec(this.dir).yaml(),
				"s3://" + BUCKET + "/" + prefix, proxy.endpoint(), this.dir.resolve("aws"), "AKIAPROCESS", "aws-secret", 5));
	}

	/** Two days; a day of fn-big is about 12 MB of CSV, three parts of 5 MiB. */
	private static SpecBuilder spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("s3-process")
			.destination(dir.resolve("archive"))
			.concurrency(1)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-big")
			.function("fn-small");
	}

	private static List<String> args(Path spec, Path home, String from, String to) {
		return new ArrayList<>(
				List.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home", home.toString()));
	}

	private static Map<String, byte[]> objects(String prefix) {
		return bucket.objects(prefix);
	}

	private static List<String> openUploads(String prefix) {
		return bucket.openUploads(prefix);
	}

}
