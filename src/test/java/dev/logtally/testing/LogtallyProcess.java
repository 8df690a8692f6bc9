package dev.logtally.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The packaged {@code logtally.jar} run as a separate JVM, the way an operator or a scheduler runs it, so that it can be
 * killed with SIGKILL at any moment.
 */
public final class LogtallyProcess {

	private final Process process;

	private final Path output;

	private LogtallyProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * @param jar the executable jar (failsafe passes it as the {@code logtally.jar} system property)
	 * @param environment extra environment variables (credentials by reference)
	 * @param output where the process's stdout and stderr go
	 */
	public static LogtallyProcess start(Path jar, Map<String, String> environment, Path output, List<String> args) {
		return start(jar, "256m", environment, output, args);
	}

	/** @param heap the JVM's maximum heap ({@code -Xmx}): a small one proves that nothing big is held in memory */
	public static LogtallyProcess start(Path jar, String heap, Map<String, String> environment, Path output,
			List<String> args) {
		List<String> command = new ArrayList<>(java(heap));
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(args);
		return start(command, environment, output);
	}

	/**
	 * The JVM and its options for a test's process. The tests start many short JVMs on two shared cores: the C1
	 * compiler alone and the serial collector halve each one's CPU (measured: 4.4 s against 7.8 s for a small export),
	 * and change nothing of what the code does. Benchmarks keep the JVM's defaults ({@link #startAsShipped},
	 * {@link #startMain}).
	 */
	private static List<String> java(String heap) {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
	}

	/**
	 * As {@link #start(Path, String, Map, Path, List)}, with the JVM's default options, as operators run the jar: what a
	 * benchmark measures.
	 */
	public static LogtallyProcess startAsShipped(Path jar, String heap, Map<String, String> environment, Path output,
			List<String> args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx" + heap, "-jar", jar.toString()));
		command.addAll(args);
		return start(command, environment, output);
	}

	/**
	 * {@code java <options> -jar <jar> <args>}: no option of the tests' own, no heap limit; an empty {@code options}
	 * runs the jar exactly as an operator's {@code java -jar} does (what the start-up benchmark measures), others add
	 * what an operator may opt in to ({@code -XX:SharedArchiveFile=...}).
	 */
	public static LogtallyProcess startWithOptions(List<String> options, Path jar, Map<String, String> environment,
			Path output, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(options);
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(args);
		return start(command, environment, output);
	}

	/**
	 * As {@link #start(Path, Map, Path, List)}, under the file-creation mask {@code umask} (for example {@code 000},
	 * as some schedulers leave it); the shell execs the JVM, so the pid is the JVM's.
	 */
	public static LogtallyProcess startUnderUmask(String umask, Path jar, Map<String, String> environment,
			Path output, List<String> args) {
		List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
		command.addAll(java("256m"));
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(args);
		return start(command, environment, output);
	}

	/**
	 * As {@link #start(Path, Map, Path, List)}, as the numeric user and group {@code uid:gid} with no supplementary
	 * groups, as a container runs an image whose {@code USER} is numeric: needs root and util-linux's {@code setpriv},
	 * which execs the JVM, so the pid is the JVM's.
	 */
	public static LogtallyProcess startAsUser(int uid, int gid, Path jar, Map<String, String> environment, Path output,
			List<String> args) {
		List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
		command.addAll(java("256m"));
		command.add("-jar");
		command.add(jar.toAbsolutePath().toString());
		command.addAll(args);
		return start(command, environment, output);
	}

	/**
	 * Runs {@code mainClass} with the packaged jar's classes and libraries on its class path, as Spring Boot's
	 * {@code PropertiesLauncher} puts them there, with {@code classes} next to them: a benchmark's own driver (in
	 * {@code target/test-classes}) around the code operators run, without the test class path.
	 */
	public static LogtallyProcess startMain(Path jar, String heap, Path classes, String mainClass,
			Map<String, String> environment, Path output, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + heap);
		command.add("-Dloader.path=" + classes.toAbsolutePath());
		command.add("-Dloader.main=" + mainClass);
		command.add("-cp");
		command.add(jar.toString());
		command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
		command.addAll(args);
		return start(command, environment, output);
	}

	private static LogtallyProcess start(List<String> command, Map<String, String> environment, Path output) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		try {
			return new LogtallyProcess(builder.start(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Path jar() {
		String jar = System.getProperty("logtally.jar", "target/logtally.jar");
		Path path = Path.of(jar);
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException(path + " does not exist: run the process tests with `mvn verify`");
		}
		return path;
	}

	/** SIGKILL: no shutdown hook, no finally block, nothing flushed that was not flushed already. */
	public void kill() {
		this.process.destroyForcibly();
	}

	/** SIGTERM, as systemd, Kubernetes or Ctrl-C send it: the process may shut down in its own way. */
	public void terminate() {
		this.process.destroy();
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Waits up to 180 s for the process to end and returns its exit code (137 after a SIGKILL). */
	public int waitFor() {
		return waitFor(Duration.ofSeconds(180));
	}

	/** Waits up to {@code limit} for the process to end and returns its exit code; ends it beyond that. */
	public int waitFor(Duration limit) {
		try {
			if (!this.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				throw new IllegalStateException("logtally did not finish within " + limit.toSeconds() + " s:\n"
						+ output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits up to {@code limit} until the output holds {@code text}; fails if the process ends before that. Reads only
	 * what the process printed since the last look, so that a long wait next to a busy process costs next to nothing.
	 */
	public void awaitOutput(String text, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		// Bytes as Latin-1 chars, one each, so that a read cut inside a UTF-8 sequence still matches byte for byte.
		String needle = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		try (FileChannel channel = FileChannel.open(this.output, StandardOpenOption.READ)) {
			long position = 0;
			String carried = "";
			while (true) {
				buffer.clear();
				int read = channel.read(buffer, position);
				if (read > 0) {
					position += read;
					String seen = carried + new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1);
					if (seen.contains(needle)) {
						return;
					}
					carried = seen.substring(Math.max(0, seen.length() - needle.length() + 1));
					continue;
				}
				if (!isAlive()) {
					throw new IllegalStateException("logtally ended before printing \"" + text + "\":\n" + output());
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("logtally did not print \"" + text + "\" within "
							+ limit.toSeconds() + " s:\n" + output());
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes a line to the process's standard input. */
	public void send(String line) {
		try {
			OutputStream input = this.process.getOutputStream();
			input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			input.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String output() {
		try {
			return Files.readString(this.output);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

}
