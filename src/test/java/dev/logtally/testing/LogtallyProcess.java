package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + heap);
		command.add("-jar");
		command.add(jar.toString());
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

	public String output() {
		try {
			return Files.readString(this.output);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

}
