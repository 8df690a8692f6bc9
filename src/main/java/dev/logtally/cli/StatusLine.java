package dev.logtally.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

/**
 * The bottom line of the terminal while a run shows its progress there: the one place that owns it. Every other
 * output of the process (log lines, messages, the table) goes through {@link #above}, which erases the frame before
 * the text and draws it again below once a whole line was written, so that no frame is ever glued to a line or left
 * in the scrollback. {@link #end} erases it for good.
 *
 * <p>The process's standard streams go through it from the start ({@link #standardStreams}), since libraries keep
 * references to them (picocli's writers, logback's console): it passes writes through unchanged while no frame is
 * shown.
 */
final class StatusLine {

	/** Carriage return, then erase to the end of the line (ANSI): the line is blank and the cursor at its start. */
	private static final String ERASE = "\r\u001b[K";

	private static volatile @Nullable StatusLine standard;

	private final OutputStream terminal;

	private final Charset charset;

	private @Nullable String frame;

	private boolean shown;

	/** Whether the last write ended mid-line: a frame drawn now would be glued to it. */
	private boolean midLine;

	StatusLine(OutputStream terminal, Charset charset) {
		this.terminal = terminal;
		this.charset = charset;
	}

	/**
	 * Routes {@link System#out} and {@link System#err} through one status line drawn on standard error; call it
	 * before anything takes a reference to them.
	 */
	static synchronized StatusLine standardStreams() {
		StatusLine line = standard;
		if (line == null) {
			// As the JDK chose for System.err: its console's encoding where it has one, else the default.
			Charset charset = Charset.forName(System.getProperty("sun.stderr.encoding",
					Charset.defaultCharset().name()));
			PrintStream err = System.err;
			PrintStream out = System.out;
			line = new StatusLine(err, charset);
			System.setErr(new PrintStream(line.above(err), true, charset));
			System.setOut(new PrintStream(line.above(out), true, charset));
			standard = line;
		}
		return line;
	}

	/** The status line of the standard streams, once {@link #standardStreams} routed them; else {@code null}. */
	static @Nullable StatusLine ofStandardStreams() {
		return standard;
	}

	/** A stream that writes to {@code target} above the frame. */
	OutputStream above(OutputStream target) {
		return new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				writeAbove(target, bytes, offset, length);
			}

			@Override
			public void flush() throws IOException {
				target.flush();
			}

		};
	}

	/** Shows {@code frame} as the bottom line, in place of the one shown; later, when a line is being written. */
	synchronized void show(String frame) {
		this.frame = frame;
		if (!this.midLine) {
			draw();
		}
	}

	/** Erases the frame, and shows none until {@link #show} is called again. */
	synchronized void end() {
		this.frame = null;
		erase();
	}

	private synchronized void writeAbove(OutputStream target, byte[] bytes, int offset, int length)
			throws IOException {
		if (length == 0) {
			return;
		}
		if (this.frame == null) {
			target.write(bytes, offset, length);
			this.midLine = bytes[offset + length - 1] != '\n';
			return;
		}
		erase();
		target.write(bytes, offset, length);
		target.flush();
		this.midLine = bytes[offset + length - 1] != '\n';
		if (!this.midLine) {
			draw();
		}
	}

	private void draw() {
		if (this.frame == null) {
			return;
		}
		emit("\r" + this.frame + "\u001b[K");
		this.shown = true;
	}

	private void erase() {
		if (this.shown) {
			emit(ERASE);
			this.shown = false;
		}
	}

	private void emit(String text) {
		try {
			this.terminal.write(text.getBytes(this.charset));
			this.terminal.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
