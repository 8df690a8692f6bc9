package dev.logtally.export;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.PostgresRepository;
import dev.logtally.testing.SpecBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A manager whose broker cannot be reached says so, and leaves no window marked waiting to block the next run. */
class UnreachableBrokerTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	@Test
	void aManagerThatCannotReachItsBrokerFailsNamingItAndTheSameCommandCanRunAgain() throws Exception {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDbroker", "broker-key")
			.dataset(ScfDataset.builder(6).function("default", "fn", DAY_1, DAY_1.plusSeconds(2 * 86_400), 10).build())
			.build()
			.start(); EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDbroker", "broker-key")
				.function("fn")
				.writeTo(this.dir.resolve("job.yaml"));
			String broker = "tcp://127.0.0.1:" + closedPort();
			List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString(), "--from", "2026-11-01",
					"--to", "2026-11-03", "--home", this.dir.resolve("home").toString(), "--workers", broker));
			args.addAll(PostgresRepository.create(postgres, this.dir, "unreachable"));

			CliRun first = CliRun.of(args.toArray(String[]::new));
			CliRun second = CliRun.of(args.toArray(String[]::new));

			for (CliRun run : List.of(first, second)) {
				assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
				assertThat(run.err()).as(run.output())
					.contains("cannot hand the windows to the workers through the broker " + broker);
			}
			// Not "already running": the first run gave up the windows it could not send.
			assertThat(second.output()).doesNotContain("already running");
		}
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
