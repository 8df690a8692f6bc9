package dev.logtally.cli;

import java.io.PrintStream;
import java.time.Duration;

import dev.logtally.batch.RunProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live progress of an interactive run on the terminal: records read against the sources' counts (as they become
 * known), windows finished, and an estimate of the time left. Not shown when the output is not a terminal or the logs
 * are JSON: the one line per window is the progress there.
 */
final class ProgressDisplay implements AutoCloseable {

	static final Duration REFRESH = Duration.ofMillis(500);

	private final RunProgress progress;

	private final ProgressBar bar;

	private final Thread refresher;

	ProgressDisplay(RunProgress progress, PrintStream terminal) {
		this.progress = progress;
		this.bar = new ProgressBarBuilder().setTaskName("records")
			.setStyle(ProgressBarStyle.ASCII)
			.setInitialMax(0)
			.setUpdateIntervalMillis((int) REFRESH.toMillis())
			.showSpeed()
			.setConsumer(new ConsoleProgressBarConsumer(terminal))
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

	/** A display on standard error when it is a terminal and the logs are text, else none. */
	static AutoCloseable onTerminal(RunProgress progress, RepositoryOptions.LogFormat format) {
		if (System.console() == null || format != RepositoryOptions.LogFormat.text) {
			return () -> {
			};
		}
		return new ProgressDisplay(progress, System.err);
	}

	void refresh() {
		RunProgress.Snapshot now = this.progress.snapshot();
		this.bar.maxHint(now.expected());
		this.bar.stepTo(now.read());
		this.bar.setExtraMessage(" " + now.windowsDone() + "/" + now.windowsStarted() + " windows done");
	}

	@Override
	public void close() {
		this.refresher.interrupt();
		try {
			this.refresher.join(REFRESH.toMillis() * 4);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		refresh();
		this.bar.close();
	}

}
