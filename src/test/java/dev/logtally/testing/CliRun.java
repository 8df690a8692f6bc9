package dev.logtally.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.logtally.cli.LogtallyCli;
import picocli.CommandLine;

/** Runs the {@code logtally} command line in this JVM and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

	public static CliRun of(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = new CommandLine(new LogtallyCli()).setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new CliRun(code, out.toString(), err.toString());
	}

	/** Both streams, for assertion messages. */
	public String output() {
		return "exit code " + this.exitCode + "\n--- stdout\n" + this.out + "--- stderr\n" + this.err;
	}

}
