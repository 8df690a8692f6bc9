package dev.logtally.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;

import dev.logtally.sandbox.SandboxSource.Started;
import dev.logtally.sandbox.cls.ClsEmulator;
import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.sandbox.sls.SlsEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox that {@code demo} and {@code sandbox} start, built from the registered sandbox sources: what it writes
 * and where it listens are what users' scripts and specs rely on.
 */
class DemoSandboxTest {

	@TempDir
	static Path dir;

	private static DemoSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = DemoSandbox.start(dir.resolve("any-port"), "sandbox-job.yaml", 0, 5);
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void startsTheEmulatorsOfTheRegisteredSourcesInTheirOrder() {
		assertThat(sandbox.sources()).extracting((started) -> started.emulator().getClass().getSimpleName())
			.containsExactly(ScfEmulator.class.getSimpleName(), SlsEmulator.class.getSimpleName(),
					RdsEmulator.class.getSimpleName(), ScfLegacyEmulator.class.getSimpleName(),
					ClsEmulator.class.getSimpleName());
		assertThat(sandbox.sources()).extracting(Started::source).containsExactlyElementsOf(SandboxSources.all());
	}

	@Test
	void findsARunningEmulatorByItsType() {
		assertThat(sandbox.emulator(RdsEmulator.class)).isSameAs(sandbox.sources().get(2).emulator());
		assertThat(sandbox.emulator(ScfLegacyEmulator.class).endpoint())
			.isEqualTo(sandbox.sources().get(3).emulator().endpoint());
	}

	@Test
	void anEmulatorTypeItDoesNotRunIsNamedInTheError() {
		assertThatThrownBy(() -> sandbox.emulator(NotInTheSandbox.class)).isInstanceOf(NoSuchElementException.class)
			.hasMessageContaining("NotInTheSandbox");
	}

	@Test
	void writesEachSecretToAFileOnlyItsOwnerCanReadUnderTheNamesItAlwaysHad() throws IOException {
		Path credentials = dir.resolve("any-port/credentials");
		try (Stream<Path> files = Files.list(credentials)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("secret-id",
					"secret-key", "access-key-id", "access-key-secret", "rds-access-key", "rds-secret-key",
					"legacy-secret-id", "legacy-secret-key", "cls-secret-id", "cls-secret-key");
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.resolve("secret-key"))))
			.isEqualTo("rw-------");
		assertThat(Files.readString(credentials.resolve("secret-key"))).matches("[0-9a-f]{32}");
	}

	@Test
	void itsSpecListsEverySourceSectionAfterTheArchiveAndNamesEachEndpoint() throws IOException {
		String spec = Files.readString(sandbox.spec());

		assertThat(spec).startsWith("# Written by logtally for its sandbox")
			.contains("  path: " + dir.resolve("any-port/archive") + "\n")
			.endsWith(String.join("", sandbox.sources().stream().map(Started::specSection).toList()));
		for (Started started : sandbox.sources()) {
			assertThat(started.specSection()).contains("    endpoint: " + started.emulator().endpoint() + "\n");
		}
	}

	@Test
	void givenAPortTheEmulatorsTakeItAndTheNextOnesInTheirOrder() throws IOException {
		int port = freePort();
		try (DemoSandbox fixed = startOn(port)) {
			assertThat(fixed.sources()).extracting((started) -> started.emulator().port())
				.containsExactly(port, port + 1, port + 2, port + 3, port + 4);
		}
	}

	/** Starts on {@code port}, or on another free one should a neighbour of it be taken meanwhile. */
	private static DemoSandbox startOn(int port) throws IOException {
		try {
			return DemoSandbox.start(dir.resolve("fixed-port-" + port), "sandbox-job.yaml", port, 0);
		}
		catch (UncheckedIOException ex) {
			int other = freePort();
			return DemoSandbox.start(dir.resolve("fixed-port-" + other), "sandbox-job.yaml", other, 0);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** An emulator type no sandbox source starts; never instantiated. */
	private static final class NotInTheSandbox extends LoopbackEmulator<NotInTheSandbox> {

		private NotInTheSandbox() {
			super(null, "never");
		}

		@Override
		protected void handle(HttpExchange exchange) {
		}

	}

}
