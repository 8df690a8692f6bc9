package dev.logtally.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terminal's bottom line while a run shows its progress: every other output is written above it, never glued to
 * a frame, and the line ends blank.
 */
class StatusLineTest {

	private static final String ERASE = "\r\u001b[K";

	private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

	private final StatusLine line = new StatusLine(this.terminal, StandardCharsets.UTF_8);

	private final PrintStream err = new PrintStream(this.line.above(this.terminal), true, StandardCharsets.UTF_8);

	@Test
	void aLogLineErasesTheFrameAndTheFrameIsDrawnAgainBelowIt() {
		this.line.show("windows 33% 1/3");

		this.err.print("2026-11-01 08:00:03 +08:00 INFO  MATCHED scf/fn 2026-11-01\n");

		assertThat(shown()).isEqualTo("\rwindows 33% 1/3\u001b[K" + ERASE
				+ "2026-11-01 08:00:03 +08:00 INFO  MATCHED scf/fn 2026-11-01\n" + "\rwindows 33% 1/3\u001b[K");
		assertThat(screen()).containsExactly("2026-11-01 08:00:03 +08:00 INFO  MATCHED scf/fn 2026-11-01",
				"windows 33% 1/3");
	}

	@Test
	void aLineWrittenInPiecesIsNotCutByAFrame() {
		this.line.show("windows 0% 0/3");
		this.err.print("logtally: SIGINT: ");
		this.line.show("windows 33% 1/3");
		this.err.print("stopping at the next chunk boundary\n");

		assertThat(screen()).containsExactly("logtally: SIGINT: stopping at the next chunk boundary",
				"windows 33% 1/3");
	}

	@Test
	void endingTheLineLeavesItBlankAndLaterOutputPassesThroughUnchanged() {
		this.line.show("windows 100% 3/3");
		this.line.end();
		this.terminal.reset();

		this.err.print("| source | target |\n");

		assertThat(shown()).isEqualTo("| source | target |\n");
	}

	@Test
	void withoutAFrameWritesPassThroughUnchanged() {
		PrintStream out = new PrintStream(this.line.above(this.terminal), true, StandardCharsets.UTF_8);

		out.print("Report: /tmp/report.html\n");
		this.err.print("12:00:00 INFO  starting\n");

		assertThat(shown()).isEqualTo("Report: /tmp/report.html\n12:00:00 INFO  starting\n");
	}

	@Test
	void standardOutputAndStandardErrorShareTheOneLine() {
		OutputStream screen = this.terminal;
		PrintStream out = new PrintStream(this.line.above(screen), true, StandardCharsets.UTF_8);
		this.line.show("windows 50% 1/2");

		out.print("[2026-11-01, 2026-11-02)\n");
		this.err.print("INFO  MATCHED\n");

		assertThat(screen()).containsExactly("[2026-11-01, 2026-11-02)", "INFO  MATCHED", "windows 50% 1/2");
	}

	private String shown() {
		return this.terminal.toString(StandardCharsets.UTF_8);
	}

	/** What a terminal shows: carriage returns and erases applied, line by line. */
	private java.util.List<String> screen() {
		return TerminalScreen.render(shown());
	}

}
