package dev.logtally.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The operator lines a command run in this JVM logged: a console appender writes to whatever {@link System#out} or
 * {@link System#err} is at each line (the tests' logback configuration to standard output, the jar's to standard
 * error), which {@link #during} captures and still passes on; a {@link CliRun} holds only what the command printed
 * itself.
 */
public final class OperatorLog {

	private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

	/** Runs {@code command}, keeping what was logged meanwhile. */
	public <T> T during(Supplier<T> command) {
		PrintStream out = System.out;
		PrintStream err = System.err;
		System.setOut(tee(out));
		System.setErr(tee(err));
		try {
			return command.get();
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

	private PrintStream tee(PrintStream original) {
		return new PrintStream(new OutputStream() {

			@Override
			public void write(int b) {
				synchronized (OperatorLog.this.lines) {
					OperatorLog.this.lines.write(b);
				}
				original.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				synchronized (OperatorLog.this.lines) {
					OperatorLog.this.lines.write(bytes, offset, length);
				}
				original.write(bytes, offset, length);
			}

		}, true, StandardCharsets.UTF_8);
	}

	public String text() {
		synchronized (this.lines) {
			return this.lines.toString(StandardCharsets.UTF_8);
		}
	}

}
