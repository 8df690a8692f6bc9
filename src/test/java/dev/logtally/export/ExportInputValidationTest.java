package dev.logtally.export;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Bad input is refused before anything is written, with a message that says what is wrong and where.
 */
class ExportInputValidationTest {

	private static final String SECRET_ID = "AKIDvalidation";

	private static final String SECRET_KEY = "validation-secret-key";

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@BeforeEach
	void startEmulator() {
		this.emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(1)
				.function("default", "fn-a", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-01T16:00:00Z"), 10)
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
	void refusesAnUnknownSourceType() {
		CliRun run = export(spec().sourceType("tencent-cos"), "2026-11-01", "2026-11-02");

		assertRefused(run, "job.yaml", "sources[0].type: \"tencent-cos\" is not one of: tencent-scf");
	}

	@Test
	void refusesAWindowOverOneDay() {
		CliRun run = export(spec().window("2d"), "2026-11-01", "2026-11-02");

		assertRefused(run, "sources[0].window: PT48H is longer than the 1-day maximum of tencent-scf windows");
	}

	@Test
	void refusesARangeWhoseStartIsNotBeforeItsEnd() {
		CliRun run = export(spec(), "2026-11-02", "2026-11-02");

		assertRefused(run, "--from 2026-11-02 (2026-11-01T16:00:00Z) must be before --to 2026-11-02");
	}

	@Test
	void refusesADateThatIsNotIso8601() {
		CliRun run = export(spec(), "11/01/2026", "2026-11-02");

		assertRefused(run, "--from \"11/01/2026\" is not an ISO-8601 date or date-time");
	}

	@Test
	void refusesARangeThatEndsInTheFuture() {
		CliRun run = export(spec(), "2026-11-01", "2999-01-01");

		assertRefused(run, "--to 2999-01-01", "is in the future");
	}

	@Test
	void refusesAMissingCredentialVariable() {
		CliRun run = export(spec().credentialVariables("LOGTALLY_TEST_UNSET_ID", "LOGTALLY_TEST_UNSET_KEY"),
				"2026-11-01", "2026-11-02");

		assertRefused(run, "sources[0].credentials.secretId: environment variable LOGTALLY_TEST_UNSET_ID is not set",
				"sources[0].credentials.secretKey: environment variable LOGTALLY_TEST_UNSET_KEY is not set");
	}

	@Test
	void refusesAnUnreachableEndpoint() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		SpecBuilder spec = SpecBuilder.forEndpoint(URI.create("http://127.0.0.1:" + closedPort))
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.function("fn-a");

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertRefused(run, "source scf-test, function fn-a", "cannot connect to http://127.0.0.1:" + closedPort,
				"gave up after 3 attempts");
	}

	@Test
	void refusesAnEndpointThatDoesNotAnswerInTime() {
		this.emulator.faults().slowResponses(Duration.ofSeconds(2));

		CliRun run = export(spec().timeout("200ms"), "2026-11-01", "2026-11-02");

		assertRefused(run, "gave up after 3 attempts", "no answer from " + this.emulator.endpoint() + "/ within 200 ms");
	}

	@Test
	void refusesCredentialsTheSourceRejects() {
		SpecBuilder spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, "not-the-right-key")
			.function("fn-a");

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertRefused(run, "source scf-test", "AuthFailure.SignatureFailure", "check the credentials");
		assertThat(run.err()).doesNotContain("not-the-right-key");
	}

	@Test
	void refusesAFunctionTheSourceDoesNotKnowNamingSourceTargetAndFunction() {
		CliRun run = export(spec().target("{id: thumbnails, function: thumbnailr}"), "2026-11-01", "2026-11-02");

		assertRefused(run, "unknown target scf-test/thumbnails: source scf-test, function thumbnailr, window "
				+ "[2026-10-31T16:00:00Z, 2026-11-01T16:00:00Z)", "ResourceNotFound.Function",
				"The function `thumbnailr` does not exist");
		assertThat(run.err()).doesNotContain("scf-test/fn-a");
	}

	@Test
	void namesEveryTargetTheSourcesDoNotKnowInOneRunAndEveryOtherSourceProblem() throws IOException {
		Path credentials = this.dir.resolve("credentials");
		Files.createDirectories(credentials);
		Path id = Files.writeString(credentials.resolve("secret-id"), SECRET_ID);
		Path key = Files.writeString(credentials.resolve("secret-key"), SECRET_KEY);
		Path wrongKey = Files.writeString(credentials.resolve("wrong-key"), "not-the-right-key");
		String source = """
				  - id: %s
				    type: tencent-scf
				    endpoint: %s
				    region: ap-guangzhou
				    credentials: {secretId: {file: %s}, secretKey: {file: %s}}
				    retry: {maxAttempts: 3, initialBackoff: 10ms, maxBackoff: 50ms}
				    targets:
				%s
				""";
		Path spec = Files.writeString(this.dir.resolve("job.yaml"), "name: typos\ndestination: {path: "
				+ this.dir.resolve("archive") + "}\nsources:\n"
				+ source.formatted("scf-one", this.emulator.endpoint(), id, key,
						"      - function: fn-a\n      - function: fn-b")
				+ source.formatted("scf-two", this.emulator.endpoint(), id, key,
						"      - function: fn-aa\n      - function: fn-a\n      - function: fn_a")
				+ source.formatted("scf-three", this.emulator.endpoint(), id, wrongKey,
						"      - function: fn-a\n      - function: fn-c"));

		CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home").toString());

		assertRefused(run, "4 problems with the spec's sources:",
				"\n  unknown target scf-one/fn-b: source scf-one, function fn-b",
				"\n  unknown target scf-two/fn-aa: source scf-two, function fn-aa",
				"\n  unknown target scf-two/fn_a: source scf-two, function fn_a",
				"\n  source scf-three, function fn-a", "AuthFailure.SignatureFailure");
		assertThat(run.err()).doesNotContain("scf-one/fn-a:").doesNotContain("scf-two/fn-a:").doesNotContain("fn-c");
	}

	@Test
	void refusesALocalDestinationWhoseParentIsAFileNamingThePath() throws IOException {
		Path blocker = Files.writeString(this.dir.resolve("blocker"), "not a directory");
		Path archive = blocker.resolve("archive");

		CliRun run = export(spec().destination(archive), "2026-11-01", "2026-11-02");

		assertRefused(run, "cannot write the archive " + archive + ": " + blocker + " is a file, not a directory");
		assertThat(blocker).hasContent("not a directory");
	}

	@Test
	void refusesALocalDestinationThatIsAFileNamingThePath() throws IOException {
		Path archive = Files.writeString(this.dir.resolve("archive"), "not a directory");

		CliRun run = export(spec(), "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("cannot write the archive " + archive + ": it is a file, not a directory");
		assertThat(archive).hasContent("not a directory");
		assertThat(this.dir.resolve("home")).as("job repository created").doesNotExist();
	}

	@Test
	void refusesALocalDestinationItMayNotWriteNamingThePath() throws IOException {
		assumeFalse("root".equals(System.getProperty("user.name")), "root writes whatever the permission bits say");
		Path readOnly = Files.createDirectory(this.dir.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
		Path archive = readOnly.resolve("archive");

		CliRun run = export(spec().destination(archive), "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("cannot write the archive " + archive + ": permission denied on " + archive);
		assertThat(readOnly).isEmptyDirectory();
		assertThat(this.dir.resolve("home")).as("job repository created").doesNotExist();
	}

	@Test
	void namesTheJobRepositoryItCannotUse() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Path config = Files.writeString(this.dir.resolve("postgresql.yml"), """
				spring:
				  datasource:
				    url: jdbc:postgresql://127.0.0.1:%d/logtally
				    username: logtally
				""".formatted(closedPort));
		Path spec = spec().writeTo(this.dir.resolve("job.yaml"));

		CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--config", config.toString(), "--home", this.dir.resolve("home").toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.err()).contains("cannot use the job repository: Connection to 127.0.0.1:" + closedPort + " refused");
		assertThat(Files.exists(this.dir.resolve("archive"))).isFalse();
	}

	@Test
	void refusesAnUnknownOptionWithUsage() {
		CliRun run = CliRun.of("export", "--job", "x.yaml", "--from", "2026-11-01", "--to", "2026-11-02", "--frm");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("Unknown option: '--frm'").contains("Possible solutions: --from");
	}

	private SpecBuilder spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.function("fn-a");
	}

	private CliRun export(SpecBuilder spec, String from, String to) {
		Path file = spec.writeTo(this.dir.resolve("job.yaml"));
		return CliRun.of("export", "--job", file.toString(), "--from", from, "--to", to, "--home",
				this.dir.resolve("home").toString());
	}

	private void assertRefused(CliRun run, String... fragments) {
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		for (String fragment : fragments) {
			assertThat(run.err()).as(run.output()).contains(fragment);
		}
		assertThat(run.err()).doesNotContain("\tat ");
		assertThat(Files.exists(this.dir.resolve("archive"))).as("archive written").isFalse();
		assertThat(Files.exists(this.dir.resolve("home"))).as("job repository created").isFalse();
	}

}
