package dev.logtally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.logtally.batch.RunProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The live progress of an interactive run on the terminal's {@link StatusLine}: the windows done of those the run
 * plans, the time left once a window finished, and the records read. Shown only when standard error is a terminal
 * and the logs are text: the one line per window is the progress elsewhere.
 *
 * <p>The progress bar library renders the frame; it is handed to the status line, never printed by the library's
 * console consumer, which asks JLine for the terminal's width: a JLine terminal built with its defaults sets SIGINT
 * to the JVM's default action while it is open, so Ctrl-C killed the run at once instead of stopping it at a chunk
 * boundary ({@link GracefulStop}). The width is read here from a JLine terminal that leaves the signals alone.
 */
final class ProgressDisplay implements AutoCloseable {

	static final Duration REFRESH = Duration.ofMillis(500);

	/** The width when the terminal does not say: 80 columns less the margin. */
	private static final int DEFAULT_WIDTH = 77;

	/** Columns left free at the end of the terminal's line. */
	private static final int MARGIN = 3;

	private final Supplier<RunProgress.Snapshot> progress;

	private final StatusLine line;

	private final Clock clock;

	private final ProgressBar bar;

	private final Thread refresher;

	/** When this process started on the run's current plan, and how many windows were done then; for the ETA. */
	private volatile @Nullable Pace pace;

	private volatile RunProgress.@Nullable Snapshot latest;

	private volatile boolean closed;

	/** The thread of the refresh rendering now: the only frames shown are those. */
	private volatile @Nullable Thread renderer;

	ProgressDisplay(Supplier<RunProgress.Snapshot> progress, StatusLine line, int width, Clock clock) {
		this.progress = progress;
		this.line = line;
		this.clock = clock;
		this.bar = new ProgressBarBuilder().setTaskName("windows")
			.setStyle(ProgressBarStyle.ASCII)
			.setInitialMax(-1)
			// The library's own schedule renders the state as it was, racing the refresh that updates it: this
			// display draws only the frames its refresh renders, and lets the library's schedule run seldom.
			.setUpdateIntervalMillis((int) Duration.ofHours(1).toMillis())
			// Draws on every refresh, not only when a window finished: the records read and the time move on.
			.continuousUpdate()
			.setEtaFunction((state) -> timeLeft())
			.setMaxRenderedLength(width)
			.setConsumer(new StatusLineConsumer(width))
			.build();
		this.refresher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				refresh();
				try {
					Thread.sleep(REFRESH.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}, "progress");
		this.refresher.setDaemon(true);
		this.refresher.start();
	}

	/**
	 * A display on standard error's status line when standard error is a terminal and the logs are text, else none.
	 */
	static AutoCloseable onTerminal(RunProgress progress, RepositoryOptions.LogFormat format,
			Map<String, String> environment, Clock clock) {
		StatusLine line = StatusLine.ofStandardStreams();
		if (line == null || format != RepositoryOptions.LogFormat.text || !standardErrorIsTerminal(environment)) {
			return () -> {
			};
		}
		return new ProgressDisplay(progress::snapshot, line, terminalWidth(), clock);
	}

	/**
	 * Whether standard error is a terminal that understands the status line's escapes. Java has no isatty for it
	 * ({@link System#console()} speaks of standard input and output, so {@code 2>file} on a terminal counted as one
	 * and the file got the frames): on Linux, descriptor 2 is a link to the terminal's device. Elsewhere, and on a
	 * dumb terminal, no display.
	 */
	static boolean standardErrorIsTerminal(Map<String, String> environment) {
		if ("dumb".equals(environment.get("TERM"))) {
			return false;
		}
		return isTerminalDevice(Path.of("/proc/self/fd/2"));
	}

	/** Whether {@code descriptor}, a link in {@code /proc/<pid>/fd}, leads to a terminal device. */
	static boolean isTerminalDevice(Path descriptor) {
		try {
			String device = Files.readSymbolicLink(descriptor).toString();
			return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private static int terminalWidth() {
		try (Terminal terminal = TerminalBuilder.builder()
			.system(true)
			.systemOutput(TerminalBuilder.SystemOutput.SysErr)
			// Leaves SIGINT to GracefulStop: JLine's defaults set it to the JVM's default action (exit at once).
			.nativeSignals(false)
			.signalHandler(Terminal.SignalHandler.SIG_IGN)
			.dumb(true)
			.build()) {
			int width = terminal.getWidth();
			// Some terminals (an IDE's console) report no width, or one too small to be true. Three columns stay
			// free: the terminal echoes Ctrl-C as "^C" after the frame, and a frame pushed to wrap leaves a row
			// behind that erasing the line does not reach.
			return width >= 20 ? width - MARGIN : DEFAULT_WIDTH;
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_WIDTH;
		}
	}

	synchronized void refresh() {
		if (this.closed) {
			return;
		}
		RunProgress.Snapshot now = this.progress.get();
		Pace started = this.pace;
		if (started == null || started.planned() != now.windowsPlanned()
				|| started.doneBefore() != now.windowsDoneBefore() || now.windowsDone() < started.done()) {
			// A new plan: the first, or the next range of a nightly run.
			this.pace = new Pace(this.clock.instant(), now.windowsPlanned(), now.windowsDoneBefore(),
					now.windowsDone());
		}
		this.latest = now;
		// Until the run has started, how many windows it has is not known: no percentage rather than 100 %.
		this.bar.maxHint(now.windowsPlanned() > 0 ? now.windowsPlanned() : -1);
		this.bar.stepTo(now.windowsDone());
		this.bar.setExtraMessage(String.format(" %,d records read", now.read()));
		this.renderer = Thread.currentThread();
		try {
			this.bar.refresh();
		}
		finally {
			this.renderer = null;
		}
	}

	/**
	 * The time left at the pace of the windows this process finished, or unknown until one did: windows an earlier
	 * attempt completed took no time here.
	 */
	private Optional<Duration> timeLeft() {
		Pace started = this.pace;
		RunProgress.Snapshot now = this.latest;
		if (started == null || now == null || now.windowsPlanned() == 0) {
			return Optional.empty();
		}
		int finishedHere = now.windowsDone() - started.done();
		if (finishedHere <= 0) {
			return Optional.empty();
		}
		Duration elapsed = Duration.between(started.since(), this.clock.instant());
		return Optional.of(elapsed.multipliedBy(now.windowsPlanned() - now.windowsDone()).dividedBy(finishedHere));
	}

	/** Erases the display for good; what is printed next (the table) starts on a clean line. Idempotent. */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.refresher.interrupt();
		try {
			this.refresher.join(REFRESH.toMillis() * 4);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		synchronized (this) {
			this.bar.close();
			this.line.end();
		}
	}

	private record Pace(Instant since, int planned, int doneBefore, int done) {
	}

	/** Hands the library's frames to the status line; ends it when the bar closes. */
	private final class StatusLineConsumer implements ProgressBarConsumer {

		private final int width;

		StatusLineConsumer(int width) {
			this.width = width;
		}

		@Override
		public int getMaxRenderedLength() {
			return this.width;
		}

		@Override
		public void accept(String frame) {
			if (ProgressDisplay.this.closed || Thread.currentThread() != ProgressDisplay.this.renderer) {
				return;
			}
			// A frame wider than the terminal wraps, and the erase that precedes a log line would leave its first row.
			ProgressDisplay.this.line.show(frame.length() > this.width ? frame.substring(0, this.width) : frame);
		}

		@Override
		public void clear() {
			ProgressDisplay.this.line.end();
		}

		@Override
		public void close() {
			ProgressDisplay.this.line.end();
		}

	}

}
