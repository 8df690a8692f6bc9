package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

/**
 * The packaged jar in a real pseudo-terminal: a detached tmux session of its own server (its socket in a test's
 * folder), 160 columns by 50 rows, that stays once the process ended so that its exit code and its screen can be read.
 * Keys are sent as a user types them ({@code C-c}). Tests that need it are skipped where tmux is not installed.
 */
public final class TmuxTerminal implements AutoCloseable {

	private static final String SESSION = "logtally";

	private final Path socket;

	/** Where the shell around the process writes its exit code once it ended. */
	private final Path exitCode;

	private TmuxTerminal(Path socket, Path exitCode) {
		this.socket = socket;
		this.exitCode = exitCode;
	}

	/**
	 * Starts {@code java -jar <jar> args} in a new terminal, with {@code environment} added to it.
	 * @param redirect a shell redirection for the process (for example {@code 2>/tmp/err.log}), or empty
	 */
	public static TmuxTerminal start(Path folder, Map<String, String> environment, List<String> args,
			String redirect) {
		if (!Files.isExecutable(Path.of("/usr/bin/tmux")) && !onPath("tmux")) {
			// .ci/run installs Debian's tmux and sets LOGTALLY_REQUIRE_TERMINAL, so CI never skips these tests.
			if (System.getenv("LOGTALLY_REQUIRE_TERMINAL") != null) {
				throw new AssertionError("tmux is required (LOGTALLY_REQUIRE_TERMINAL is set): apt-get install tmux");
			}
			Assumptions.abort("tmux is not installed (apt-get install tmux); .ci/run installs it");
		}
		Path config = folder.resolve("tmux.conf");
		try {
			// The pane stays when the process ends: its last screen can be read.
			Files.writeString(config, "set -g remain-on-exit on\nset -g history-limit 10000\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
				LogtallyProcess.jar().toAbsolutePath().toString()));
		command.addAll(args);
		Path exitCode = folder.resolve("exit-code");
		// bash records the exit code: tmux's own record of it is lost now and then (its pane's process stays a
		// zombie).
		Path script = folder.resolve("run.sh");
		try {
			// A trap, not an ignored signal (which the process would inherit): bash outlives a process that Ctrl-C
			// kills, and says 130 for it as for a process that exits 130 itself.
			Files.writeString(script, "trap true INT\n" + command.stream().map(TmuxTerminal::quoted).collect(Collectors.joining(" "))
					+ " " + redirect + "\necho $? > " + quoted(exitCode + ".part") + " && mv " + quoted(exitCode + ".part")
					+ " " + quoted(exitCode.toString()) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> shell = new ArrayList<>(List.of("exec", "env"));
		environment.forEach((name, value) -> shell.add(name + "=" + value));
		shell.addAll(List.of("bash", script.toString()));
		TmuxTerminal terminal = new TmuxTerminal(folder.resolve("tmux.sock"), exitCode);
		terminal.tmux("-f", config.toString(), "new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50",
				shell.stream().map(TmuxTerminal::quoted).collect(Collectors.joining(" ")));
		return terminal;
	}

	/** Types {@code key} (tmux's names: {@code C-c} is Ctrl-C). */
	public void sendKeys(String key) {
		tmux("send-keys", "-t", SESSION, key);
	}

	/** The whole screen, scrollback included, as the terminal shows it now: one string per row, wrapped rows joined. */
	public List<String> screen() {
		return tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", SESSION).lines()
			.filter((line) -> !line.startsWith("Pane is dead"))
			.toList();
	}

	/** Waits until a row of the screen satisfies {@code row}; fails after {@code limit}. */
	public void awaitScreen(Predicate<String> row, String what, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			List<String> now = screen();
			if (now.stream().anyMatch(row)) {
				return;
			}
			if (exitCode().isPresent()) {
				throw new IllegalStateException("logtally ended before the screen showed " + what + ":\n"
						+ String.join("\n", now));
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the screen did not show " + what + " within " + limit.toSeconds()
						+ " s:\n" + String.join("\n", now));
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
	}

	/** Waits for the process to end and returns its exit code; fails after {@code limit}. */
	public int waitFor(Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			OptionalInt code = exitCode();
			if (code.isPresent()) {
				return code.getAsInt();
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("logtally did not end within " + limit.toSeconds() + " s:\n"
						+ String.join("\n", screen()));
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
	}

	/** The process's exit code once it ended (128 + the signal's number when a signal killed it, as bash says). */
	private OptionalInt exitCode() {
		try {
			return Files.exists(this.exitCode) ? OptionalInt.of(Integer.parseInt(Files.readString(this.exitCode).strip()))
					: OptionalInt.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			tmux("kill-server");
		}
		catch (IllegalStateException ex) {
			// The server is gone already.
		}
	}

	private String tmux(String... args) {
		List<String> command = new ArrayList<>(List.of("tmux", "-S", this.socket.toString()));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && java.util.Arrays.stream(path.split(":"))
			.anyMatch((folder) -> Files.isExecutable(Path.of(folder, program)));
	}

	/** {@code text} as one word for sh. */
	private static String quoted(String text) {
		return "'" + text.replace("'", "'\\''") + "'";
	}

}
