package dev.logtally.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PlainHttpPort;
import dev.logtally.testing.SmallFilesystem;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar, run as an operator runs it, says each cause of a failure in one line that names the host or the path, with
 * no stack trace from logtally or its libraries, the exit code the cause deserves, and the advice to run again only
 * where running again can help.
 */
class FailureCausesIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String SECRET_ID = "AKIDcauses";

	private static final String SECRET_KEY = "causes-key";

	private static ScfEmulator emulator;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandbox() {
		emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(24).function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 4_000).build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterAll
	static void stopSandbox() {
		emulator.close();
	}

	@Test
	void anEndpointWhoseHostDoesNotResolveIsADnsFailureNotARefusedConnectionAndIsNotRetried() {
		LogtallyProcess run = export(spec(URI.create("http://scf.logtally-test.invalid:9"), this.dir.resolve("archive")),
				this.dir.resolve("home"));

		assertThat(run.waitFor()).as(run.output()).isEqualTo(2);
		assertOneLineCause(run, "cannot resolve the host scf.logtally-test.invalid of http://scf.logtally-test.invalid:9/"
				+ " (DNS lookup failed)");
		assertThat(run.output()).doesNotContain("refused").doesNotContain("gave up after");
	}

	@Test
	void aClosedPortIsARefusedConnection() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		LogtallyProcess run = export(spec(URI.create("http://127.0.0.1:" + closed), this.dir.resolve("archive")),
				this.dir.resolve("home"));

		assertThat(run.waitFor()).as(run.output()).isEqualTo(2);
		assertOneLineCause(run, "cannot connect to http://127.0.0.1:" + closed + "/ (connection refused)");
	}

	@Test
	void tlsToAnEndpointThatSpeaksPlainHttpIsATlsFailureThatIsNotRetried() throws IOException {
		try (PlainHttpPort plain = PlainHttpPort.open()) {
			URI https = URI.create("https://127.0.0.1:" + plain.port());
			LogtallyProcess run = export(spec(https, this.dir.resolve("archive")), this.dir.resolve("home"));

			assertThat(run.waitFor()).as(run.output()).isEqualTo(2);
			assertOneLineCause(run, "TLS handshake with " + https + "/ failed: the server does not speak TLS there");
			assertThat(run.output()).doesNotContain("gave up after");
		}
	}

	@Test
	void aHomeOnAFullDiskIsOneLineNamingItsFolderAndAsksToFreeSpace() {
		try (SmallFilesystem small = SmallFilesystem.mount(this.dir, 1024 * 1024)) {
			Path home = small.root().resolve("home");
			small.fill();

			LogtallyProcess run = export(spec(emulator.endpoint(), this.dir.resolve("archive")), home);

			assertThat(run.waitFor()).as(run.output()).isEqualTo(1);
			assertOneLineCause(run, home.resolve("logs") + ": no space left on device; free space and run again");
			assertThat(run.output()).doesNotContain("resume");
		}
	}

	@Test
	void aReadOnlyHomeSaysSoAndWhatToFixNotToResume() throws IOException {
		try (SmallFilesystem small = SmallFilesystem.mount(this.dir, 1024 * 1024)) {
			Path home = Files.createDirectory(small.root().resolve("home"));
			small.readOnly(true);

			LogtallyProcess run = export(spec(emulator.endpoint(), this.dir.resolve("archive")), home);

			assertThat(run.waitFor()).as(run.output()).isEqualTo(2);
			assertOneLineCause(run, home.resolve("logs") + ": read-only file system; remount it read-write or choose "
					+ "another folder, then run the same command again");
			assertThat(run.output()).doesNotContain("resume");
		}
	}

	@Test
	void aHomeBelowAFileIsNotADirectory() throws IOException {
		Path file = Files.writeString(this.dir.resolve("not-a-folder"), "x");
		Path home = file.resolve("home");

		LogtallyProcess run = export(spec(emulator.endpoint(), this.dir.resolve("archive")), home);

		assertThat(run.waitFor()).as(run.output()).isEqualTo(2);
		assertOneLineCause(run, ": not a directory; move the file away or choose another folder, then run the same "
				+ "command again");
		assertThat(run.output()).contains(file.toString()).doesNotContain("resume");
	}

	@Test
	void anArchiveThatFillsUpDuringTheRunFailsItsWindowsWithTheDiskFullNotANetworkFaultAndAsksToFreeSpace() {
		try (SmallFilesystem small = SmallFilesystem.mount(this.dir, 512 * 1024)) {
			Path archive = small.root().resolve("archive");
			small.fill(64 * 1024);

			LogtallyProcess run = export(spec(emulator.endpoint(), archive), this.dir.resolve("home"));

			assertThat(run.waitFor()).as(run.output()).isEqualTo(1);
			assertThat(run.output()).containsPattern("FAILED scf-test/fn-a .* so far: " + archive
					+ "/.*: no space left on device; free space and run again")
				.containsPattern("logtally: run \\d+ FAILED: .*; free space and run again")
				.doesNotContain("to resume it")
				.doesNotContain("gave up after")
				.doesNotContain("\tat ")
				.doesNotContain("Exception");
		}
	}

	/** One line says the cause, and nothing else is printed: no stack trace, no exception's name, no resume advice. */
	private static void assertOneLineCause(LogtallyProcess run, String cause) {
		String output = run.output();
		assertThat(output).contains(cause).doesNotContain("\tat ").doesNotContain("Exception");
		assertThat(output.lines().filter((line) -> !line.isBlank()).toList()).as(output).hasSize(1);
		assertThat(output).doesNotContain("to resume it");
	}

	private Path spec(URI endpoint, Path archive) {
		return SpecBuilder.forEndpoint(endpoint)
			.name("causes")
			.destination(archive)
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.retry(3, "10ms", "20ms")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
	}

	private LogtallyProcess export(Path spec, Path home) {
		return LogtallyProcess.start(LogtallyProcess.jar(), Map.of(), this.dir.resolve("run.out"),
				List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--home",
						home.toString()));
	}

}
