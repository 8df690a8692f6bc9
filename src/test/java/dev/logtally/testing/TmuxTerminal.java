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

	private TmuxTerminal(Path socket) {
		this.socket = socket;
	}

	/**
	 * Starts {@code java -jar <jar> args} in a new terminal, with {@code environment} added to it.
	 * @param redirect a shell redirection for the process (for example {@code 2>/tmp/err.log}), or empty
	 */
	public static TmuxTerminal start(Path folder, Map<String, String> environment, List<String> args,
			String redirect) {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"), "tmux is not installed");
		Path config = folder.resolve("tmux.conf");
		try {
			// The pane stays when the process ends: its exit status and its last screen can be read.
			Files.writeString(config, "set -g remain-on-exit on\nset -g history-limit 10000\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> command = new ArrayList<>(List.of("exec", "env"));
		environment.forEach((name, value) -> command.add(name + "=" + value));
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
				LogtallyProcess.jar().toAbsolutePath().toString()));
		command.addAll(args);
		String shell = command.stream().map(TmuxTerminal::quoted).collect(Collectors.joining(" ")) + " " + redirect;
		TmuxTerminal terminal = new TmuxTerminal(folder.resolve("tmux.sock"));
		terminal.tmux("-f", config.toString(), "new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50", shell);
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

	/**
	 * The process's exit code once it ended: a process killed by a signal has none, and reads as 1000 + the signal's
	 * number, so that a kill never passes for an exit.
	 */
	private OptionalInt exitCode() {
		String[] pane = tmux("display-message", "-p", "-t", SESSION, "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}")
			.strip()
			.split(" ", -1);
		if (!"1".equals(pane[0])) {
			return OptionalInt.empty();
		}
		if (pane.length > 1 && !pane[1].isEmpty()) {
			return OptionalInt.of(Integer.parseInt(pane[1]));
		}
		if (pane.length > 2 && !pane[2].isEmpty()) {
			return OptionalInt.of(1000 + Integer.parseInt(pane[2]));
		}
		// Dead, but tmux has not recorded how yet.
		return OptionalInt.empty();
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
