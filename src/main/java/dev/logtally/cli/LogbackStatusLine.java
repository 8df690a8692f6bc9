package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;
import dev.logtally.tally.FileSystemFault;
import org.slf4j.LoggerFactory;

/**
 * Logback's own errors, a log file on a full or read-only disk, as one line per cause on standard error. Spring Boot
 * registers a console status listener that prints every failed write of the log file with its stack trace (hundreds of
 * lines for one full disk); this listener takes its place once logging is set up.
 */
final class LogbackStatusLine implements StatusListener {

	private final Path logFile;

	private final PrintWriter err;

	private final Set<FileSystemFault.Cause> said = ConcurrentHashMap.newKeySet();

	private LogbackStatusLine(Path logFile, PrintWriter err) {
		this.logFile = logFile;
		this.err = err;
	}

	/** Replaces logback's console status listeners by one that reports {@code logFile}'s faults in a line each. */
	static void install(Path logFile, PrintWriter err) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		StatusManager statuses = context.getStatusManager();
		statuses.getCopyOfStatusListenerList()
			.stream()
			.filter((listener) -> listener instanceof OnConsoleStatusListener || listener instanceof LogbackStatusLine)
			.forEach(statuses::remove);
		statuses.add(new LogbackStatusLine(logFile, err));
	}

	@Override
	public void addStatusEvent(Status status) {
		if (status.getLevel() < Status.ERROR || !(status.getThrowable() instanceof IOException failure)) {
			return;
		}
		FileSystemFault.of(this.logFile, failure).filter((fault) -> this.said.add(fault.fault())).ifPresent((fault) -> {
			this.err.println("logtally: " + fault.getMessage());
			this.err.flush();
		});
	}

	@Override
	public boolean isResetResistant() {
		// Spring Boot resets the context as it configures logging; the listener must outlive that as Boot's own does.
		return true;
	}

}
