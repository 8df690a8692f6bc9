package dev.logtally.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.logtally.batch.RunProgress;
import dev.logtally.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live display of an interactive run: windows done of those planned, an estimate only once it has grounds, the
 * records read, and a terminal left clean.
 */
class ProgressDisplayTest {

	private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

	private final StatusLine line = new StatusLine(this.terminal, StandardCharsets.UTF_8);

	private final AtomicReference<RunProgress.Snapshot> progress = new AtomicReference<>(
			new RunProgress.Snapshot(0, 0, 0, 0));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));

	@Test
	void countsTheWindowsDoneAgainstThePlannedTotalNotTheWindowsStarted() {
		this.progress.set(new RunProgress.Snapshot(1_250, 7, 3, 0));

		try (ProgressDisplay display = display()) {
			display.refresh();
			assertThat(frame()).contains("windows").contains("3/7").contains("42%").contains("1,250 records read");
		}
	}

	@Test
	void showsNoPercentageBeforeTheRunKnowsItsWindows() {
		try (ProgressDisplay display = display()) {
			display.refresh();
			assertThat(frame()).contains("?").doesNotContain("100%").doesNotContain("0:00:00)");
		}
	}

	@Test
	void estimatesTheTimeLeftOnlyOnceAWindowFinishedHere() {
		this.progress.set(new RunProgress.Snapshot(0, 4, 0, 0));
		try (ProgressDisplay display = display()) {
			display.refresh();
			this.clock.advance(Duration.ofMinutes(5));
			this.progress.set(new RunProgress.Snapshot(900, 4, 0, 0));
			display.refresh();
			assertThat(frame()).contains("0/4").contains("/ ?)");

			this.clock.advance(Duration.ofMinutes(5));
			this.progress.set(new RunProgress.Snapshot(1_800, 4, 1, 0));
			display.refresh();
			// One window in ten minutes, three to go.
			assertThat(frame()).contains("1/4").contains("25%").contains("0:30:00");
		}
	}

	@Test
	void windowsAnEarlierAttemptCompletedCountAsDoneButNotTowardsThePace() {
		this.progress.set(new RunProgress.Snapshot(5_000, 6, 4, 4));
		try (ProgressDisplay display = display()) {
			display.refresh();
			assertThat(frame()).contains("4/6").contains("/ ?)");

			this.clock.advance(Duration.ofMinutes(2));
			this.progress.set(new RunProgress.Snapshot(6_000, 6, 5, 4));
			display.refresh();
			assertThat(frame()).contains("5/6").contains("0:02:00)");
		}
	}

	@Test
	void closingLeavesTheTerminalLineBlankAndDrawsNothingAfter() {
		this.progress.set(new RunProgress.Snapshot(10, 2, 1, 0));
		PrintStream out = new PrintStream(this.line.above(this.terminal), true, StandardCharsets.UTF_8);
		ProgressDisplay display = display();
		display.refresh();

		display.close();
		out.print("| source | target | verdict |\n");
		out.print("Report: /tmp/report.html\n");
		display.refresh();
		display.close();

		assertThat(TerminalScreen.render(shown())).containsExactly("| source | target | verdict |",
				"Report: /tmp/report.html");
	}

	@Test
	void standardErrorIsATerminalWhenItsDescriptorLeadsToATerminalDevice(@TempDir Path folder) throws IOException {
		Path pts = Files.createSymbolicLink(folder.resolve("2"), Path.of("/dev/pts/3"));
		Path file = Files.createSymbolicLink(folder.resolve("2-file"), folder.resolve("errors.log"));
		Path pipe = Files.createSymbolicLink(folder.resolve("2-pipe"), Path.of("pipe:[4242]"));

		assertThat(ProgressDisplay.isTerminalDevice(pts)).isTrue();
		assertThat(ProgressDisplay.isTerminalDevice(file)).isFalse();
		assertThat(ProgressDisplay.isTerminalDevice(pipe)).isFalse();
		assertThat(ProgressDisplay.isTerminalDevice(folder.resolve("absent"))).isFalse();
		assertThat(ProgressDisplay.standardErrorIsTerminal(Map.of("TERM", "dumb"))).isFalse();
	}

	private ProgressDisplay display() {
		return new ProgressDisplay(this.progress::get, this.line, 120, this.clock);
	}

	private String shown() {
		return this.terminal.toString(StandardCharsets.UTF_8);
	}

	/** The bottom line as the terminal shows it now. */
	private String frame() {
		List<String> screen = TerminalScreen.render(shown());
		return screen.isEmpty() ? "" : screen.get(screen.size() - 1);
	}

}
