package dev.logtally.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Map;

import dev.logtally.cli.LogtallyCli;
import picocli.CommandLine;

/** Runs the {@code logtally} command line in this JVM and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

	public static CliRun of(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = LogtallyCli.commandLine(CommandLine.defaultFactory()).setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new CliRun(code, out.toString(), err.toString());
	}

	/**
	 * Runs the command line with {@code clock} as the commands' clock (those that take one: a constructor of
	 * environment and clock), as if it were that time.
	 */
	public static CliRun at(Clock clock, String... args) {
		return at(clock, System.getenv(), args);
	}

	/**
	 * Runs the command line with {@code clock} and {@code environment} as the commands' (those that take them: a
	 * constructor of environment and clock), as if the process had that environment.
	 */
	public static CliRun at(Clock clock, Map<String, String> environment, String... args) {
		CommandLine.IFactory factory = new CommandLine.IFactory() {
			@Override
			public <K> K create(Class<K> type) throws Exception {
				try {
					Constructor<K> constructor = type.getDeclaredConstructor(Map.class, Clock.class);
					constructor.setAccessible(true);
					return constructor.newInstance(environment, clock);
				}
				catch (NoSuchMethodException ex) {
					return CommandLine.defaultFactory().create(type);
				}
			}
		};
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = LogtallyCli.commandLine(factory).setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new CliRun(code, out.toString(), err.toString());
	}

	/** Both streams, for assertion messages. */
	public String output() {
		return "exit code " + this.exitCode + "\n--- stdout\n" + this.out + "--- stderr\n" + this.err;
	}

}
