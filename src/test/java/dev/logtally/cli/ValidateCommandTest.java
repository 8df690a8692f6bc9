package dev.logtally.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.RdsSpecBuilder;
import dev.logtally.testing.S3Specs;
import dev.logtally.testing.SlsSpecBuilder;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally validate} makes every check a run makes before it writes anything, says one line per check, exits
 * as the run would, and runs nothing: no archive object, no job repository, no execution.
 */
class ValidateCommandTest {

	private static final String SECRET_ID = "AKIDvalidate";

	private static final String SECRET_KEY = "validate-secret-key";

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@BeforeEach
	void startEmulator() {
		this.emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(1)
				.function("default", "fn-a", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-02T16:00:00Z"), 10)
				.function("default", "fn-b", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-02T16:00:00Z"), 10)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.close();
	}

	@Test
	void passesAGoodSpecWithOneLinePerCheckAndWritesNeitherArchiveNorJobRepository() throws IOException {
		CliRun run = validate(spec().function("fn-b"));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).as(run.output())
			.contains("spec " + this.dir.resolve("job.yaml") + ": ok (job test-export, 1 source, 2 targets")
			.contains("target scf-test/fn-a: ok\n")
			.contains("target scf-test/fn-b: ok\n")
			.contains("destination " + this.dir.resolve("archive") + ": ok (writable)")
			.contains("home " + this.dir.resolve("home") + ": ok (writable)")
			.contains("All 5 checks passed; nothing was run.");
		assertThat(run.err()).as(run.output()).isEmpty();
		assertThat(this.dir.resolve("archive")).as("archive").doesNotExist();
		assertThat(filesUnder(this.dir.resolve("home"))).as("nothing in the home but its empty log folder")
			.containsExactly(this.dir.resolve("home/logs"));
	}

	@Test
	void namesTheSourceAndTargetOfAMisspelledFunctionAndStillChecksEverythingElse() {
		CliRun run = validate(spec().target("{id: thumbnails, function: thumbnailr}"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.out()).contains("target scf-test/fn-a: ok")
			.contains("destination " + this.dir.resolve("archive") + ": ok")
			.contains("home " + this.dir.resolve("home") + ": ok");
		assertThat(run.err()).as(run.output())
			.contains("logtally: unknown target scf-test/thumbnails: source scf-test, function thumbnailr",
					"ResourceNotFound.Function")
			.endsWith("logtally: 1 of 5 checks failed; nothing was run.\n")
			.doesNotContain("\tat ");
		assertThat(this.dir.resolve("home/jobs")).as("job repository").doesNotExist();
	}

	@Test
	void namesTheSourceAndTargetOfAMisspelledSlsLogstore() {
		try (SlsEmulator sls = SlsEmulator.builder()
			.credential("LTAIvalidateKeyId", "validate-sls-secret")
			.dataset(SlsDataset.builder(3)
				.logstore("demo-project", "app-log", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-10-31T17:00:00Z"), 10)
				.build())
			.build()
			.start()) {
			SlsSpecBuilder spec = SlsSpecBuilder.forEndpoint(sls.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "LTAIvalidateKeyId", "validate-sls-secret")
				.logstore("app-log")
				.logstore("app-lgo");

			CliRun run = CliRun.of("validate", "--job", spec.writeTo(this.dir.resolve("job.yaml")).toString(),
					"--home", this.dir.resolve("home").toString());

			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			assertThat(run.out()).contains("target sls-test/app-log: ok");
			assertThat(run.err()).as(run.output())
				.contains("logtally: unknown target sls-test/app-lgo: source sls-test, project demo-project, "
						+ "logstore app-lgo", "LogStoreNotExist");
		}
	}

	@Test
	void namesTheSourceAndTargetOfAMisspelledRdsInstance() {
		String project = "0483b6b16e954cb88930a360d2c4e663";
		String instance = "cee5265e1e5845649e354841234567dfin01";
		try (RdsEmulator rds = RdsEmulator.builder()
			.credential("QTWAOYTTINDUT2QVKYUC", "validate-rds-secret")
			.dataset(RdsDataset.builder(3)
				.instance(project, instance, Instant.parse("2026-08-31T16:00:00Z"),
						Instant.parse("2026-09-01T16:00:00Z"), 5)
				.build())
			.rateLimitPerMinute(0)
			.build()
			.start()) {
			RdsSpecBuilder spec = RdsSpecBuilder.forEndpoint(rds.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "QTWAOYTTINDUT2QVKYUC", "validate-rds-secret")
				.instance(instance)
				.instance("cee5265e1e5845649e354841234567dfin10");

			CliRun run = CliRun.of("validate", "--job", spec.writeTo(this.dir.resolve("job.yaml")).toString(),
					"--home", this.dir.resolve("home").toString());

			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			assertThat(run.out()).contains("target rds-test/" + instance + ": ok");
			assertThat(run.err()).as(run.output())
				.contains("logtally: unknown target rds-test/cee5265e1e5845649e354841234567dfin10: source rds-test");
		}
	}

	@Test
	void namesTheSourceWhoseCredentialsAreRefusedWithoutTheSecret() {
		SpecBuilder spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, "not-the-right-key")
			.function("fn-a")
			.function("fn-b");

		CliRun run = validate(spec);

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).as(run.output())
			.contains("logtally: source scf-test", "AuthFailure.SignatureFailure", "check the credentials")
			.doesNotContain("not-the-right-key");
		assertThat(run.out()).as(run.output()).contains("target scf-test/fn-b: not checked: its source failed above");
	}

	@Test
	void namesADestinationItCannotWrite() throws IOException {
		Path blocker = Files.writeString(this.dir.resolve("blocker"), "not a directory");
		Path archive = blocker.resolve("archive");

		CliRun run = validate(spec().destination(archive));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.out()).contains("target scf-test/fn-a: ok");
		assertThat(run.err()).as(run.output())
			.contains("logtally: cannot write the archive " + archive + ": " + blocker + " is a file, not a directory");
		assertThat(blocker).hasContent("not a directory");
	}

	@Test
	void namesAnS3DestinationItCannotReach() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Path file = S3Specs.write(this.dir.resolve("job.yaml"),
				S3Specs.toS3(spec().yaml(), "s3://archive/logs", URI.create("http://127.0.0.1:" + closedPort),
						this.dir.resolve("aws"), "AKIAVALIDATE0000001", "awsSecretValidate42", 8));

		CliRun run = CliRun.of("validate", "--job", file.toString(), "--home", this.dir.resolve("home").toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.out()).contains("target scf-test/fn-a: ok");
		assertThat(run.err()).as(run.output())
			.contains("logtally: cannot use s3://archive/logs: ")
			.doesNotContain("awsSecretValidate42")
			.doesNotContain("\tat ");
	}

	@Test
	void refusesASpecWithAnErrorAsARunWould() {
		CliRun run = validate(spec().window("2d"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("sources[0].window: PT48H is longer than the 1-day maximum");
		assertThat(this.dir.resolve("home")).doesNotExist();
	}

	@Test
	void printsEveryCheckAsAJsonObjectWithItsFieldsInJsonLogFormat() {
		Path file = spec().target("{id: thumbnails, function: thumbnailr}").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = CliRun.of("validate", "--job", file.toString(), "--home", this.dir.resolve("home").toString(),
				"--log-format", "json");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		List<JsonNode> lines = Stream.concat(run.out().lines(), run.err().lines())
			.map((line) -> JsonMapper.builder().build().readTree(line))
			.toList();
		assertThat(lines).as(run.output())
			.anySatisfy((line) -> {
				assertThat(line.at("/logtally/check").asString()).isEqualTo("target");
				assertThat(line.at("/logtally/source").asString()).isEqualTo("scf-test");
				assertThat(line.at("/logtally/target").asString()).isEqualTo("thumbnails");
				assertThat(line.at("/logtally/status").asString()).isEqualTo("failed");
				assertThat(line.at("/log/level").asString()).isEqualTo("ERROR");
				assertThat(line.at("/service/name").asString()).isEqualTo("logtally");
			})
			.anySatisfy((line) -> {
				assertThat(line.at("/logtally/target").asString()).isEqualTo("fn-a");
				assertThat(line.at("/logtally/status").asString()).isEqualTo("ok");
			});
	}

	private SpecBuilder spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.function("fn-a");
	}

	private CliRun validate(SpecBuilder spec) {
		Path file = spec.writeTo(this.dir.resolve("job.yaml"));
		return CliRun.of("validate", "--job", file.toString(), "--home", this.dir.resolve("home").toString());
	}

	private static List<Path> filesUnder(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter((path) -> !path.equals(folder)).toList();
		}
	}

}
