package dev.logtally.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.logtally.batch.RunningExecution;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.launch.JobOperator;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (systemd stopping a unit, Kubernetes evicting a pod) and SIGINT (Ctrl-C) stop the running export at a
 * chunk boundary instead of killing it. The signal is handled rather than left to start the JVM's shutdown, because
 * shutdown hooks run in no order and the H2 job repository closes itself in one: the run must record its stop first.
 * The execution ends STOPPED, the command finishes normally (completed windows published, table printed), and the
 * process exits 128 + the signal's number. A second signal stops the process at once, which is safe: restart is exact
 * after {@code kill -9} too.
 */
final class GracefulStop implements AutoCloseable {

	private static final List<String> SIGNALS = List.of("TERM", "INT");

	private final AtomicReference<Signal> received = new AtomicReference<>();

	private final List<Signal> signals = new ArrayList<>();

	private final List<SignalHandler> previous = new ArrayList<>();

	private GracefulStop() {
	}

	/** Handles SIGTERM and SIGINT until closed; where the platform has no such signal, it is left alone. */
	static GracefulStop install(RunningExecution running, JobOperator operator, PrintWriter err) {
		return install((caught) -> {
			try {
				boolean stopping = running.stop(operator);
				return (stopping ? "stopping at the next chunk boundary" : "stopping before the run starts")
						+ "; run the same command again to resume";
			}
			catch (RuntimeException ex) {
				return "cannot ask the run to stop (" + ex.getMessage() + "); send the signal again to stop at once";
			}
		}, err);
	}

	/**
	 * Handles SIGTERM and SIGINT until closed: the first signal calls {@code stop}, which starts an orderly stop and
	 * says what happens next; a second one halts the process.
	 */
	static GracefulStop install(Function<Signal, String> stop, PrintWriter err) {
		GracefulStop graceful = new GracefulStop();
		for (String name : SIGNALS) {
			try {
				Signal signal = new Signal(name);
				SignalHandler handler = (caught) -> graceful.handle(caught, stop, err);
				graceful.previous.add(Signal.handle(signal, handler));
				graceful.signals.add(signal);
			}
			catch (IllegalArgumentException ex) {
				// No such signal here, or the JVM keeps it (-Xrs): the default behaviour stays, and restart is exact.
			}
		}
		return graceful;
	}

	/** The signal that stopped the run, or {@code null}. */
	@Nullable Signal received() {
		return this.received.get();
	}

	/** The exit code of a process stopped by {@code signal}, as a shell reports it. */
	static int exitCode(Signal signal) {
		return 128 + signal.getNumber();
	}

	private void handle(Signal caught, Function<Signal, String> stop, PrintWriter err) {
		if (!this.received.compareAndSet(null, caught)) {
			// The process ends here: no progress frame may stay under the shell's prompt.
			StatusLine line = StatusLine.ofStandardStreams();
			if (line != null) {
				line.end();
			}
			err.println("logtally: SIG" + caught.getName() + " again: stopping now; run the same command again to "
					+ "resume");
			err.flush();
			Runtime.getRuntime().halt(exitCode(caught));
		}
		err.println("logtally: SIG" + caught.getName() + ": " + stop.apply(caught));
		err.flush();
	}

	@Override
	public void close() {
		for (int i = 0; i < this.signals.size(); i++) {
			Signal.handle(this.signals.get(i), this.previous.get(i));
		}
	}

}
