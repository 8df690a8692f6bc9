package dev.logtally.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.logtally.archive.FileSystemFault;
import dev.logtally.http.RetryPolicy;
import dev.logtally.reconcile.WindowOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What runs did, as Prometheus metrics: requests, retries and throttles per source, records and windows per target
 * and verdict, and each job's last exit code and high-water mark. Written as a text file for node exporters' textfile
 * collector at the end of a one-shot run; served over HTTP by {@code schedule}. Names and counts only, never a
 * credential.
 */
public final class RunMetrics {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

	/** Counts the attempts and retries of one source's requests. */
	public RetryPolicy.Listener source(String source) {
		Counter requests = Counter.builder("logtally.requests")
			.description("Requests sent to a source API, retries included")
			.tag("source", source)
			.register(this.registry);
		Counter retries = Counter.builder("logtally.retries")
			.description("Requests sent again after a transient fault")
			.tag("source", source)
			.register(this.registry);
		Counter throttled = Counter.builder("logtally.throttled")
			.description("Requests the source answered by asking to slow down")
			.tag("source", source)
			.register(this.registry);
		return new RetryPolicy.Listener() {
			@Override
			public void attempted() {
				requests.increment();
			}

			@Override
			public void retrying(boolean throttle) {
				retries.increment();
				if (throttle) {
					throttled.increment();
				}
			}
		};
	}

	/**
	 * Counts the records and verdicts of a run's windows, as the run's table shows them: a window whose publication
	 * failed is NOT_PUBLISHED, one the run stopped STOPPED or NOT_STARTED.
	 */
	public void windows(String job, List<WindowOutcome> outcomes) {
		for (WindowOutcome outcome : outcomes) {
			Counter.builder("logtally.records.read")
				.description("Records read from a source")
				.tags("job", job, "source", outcome.source(), "target", outcome.target())
				.register(this.registry)
				.increment(outcome.counts().read());
			Counter.builder("logtally.records.written")
				.description("Records written to the archive")
				.tags("job", job, "source", outcome.source(), "target", outcome.target())
				.register(this.registry)
				.increment(outcome.counts().written());
			Counter.builder("logtally.windows")
				.description("Windows of runs, by verdict")
				.tags("job", job, "source", outcome.source(), "target", outcome.target(), "verdict",
						outcome.verdict().name())
				.register(this.registry)
				.increment();
		}
	}

	/** Records how a job's last run ended, and its high-water mark after a nightly run. */
	public void runEnded(String job, int exitCode, @Nullable Instant highWaterMark) {
		gauge("logtally.last.exit.code", "The exit code of the job's last run", job).set(exitCode);
		if (highWaterMark != null) {
			gauge("logtally.high.water.mark.seconds", "The job's high-water mark, in seconds since the epoch", job)
				.set(highWaterMark.getEpochSecond());
		}
	}

	/** When {@code schedule} runs the job next: an alert can tell a stalled scheduler from an idle one. */
	public void nextRun(String job, Instant at) {
		gauge("logtally.schedule.next.run.seconds", "When the scheduler runs the job next, in seconds since the epoch",
				job).set(at.getEpochSecond());
	}

	/** Every metric in the Prometheus text format. */
	public String scrape() {
		return this.registry.scrape();
	}

	/** Writes {@link #scrape()} to {@code file}, under a temporary name first, as textfile collectors require. */
	public void writeTo(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(file.getFileName() + ".part");
			Files.writeString(temporary, scrape(), StandardCharsets.UTF_8);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw FileSystemFault.of(file, ex)
				.map(UncheckedIOException.class::cast)
				.orElseGet(() -> new UncheckedIOException("cannot write the metrics file " + file + ": " + ex.getMessage(),
						ex));
		}
	}

	private AtomicLong gauge(String name, String description, String job) {
		return this.gauges.computeIfAbsent(name + "/" + job, (key) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder(name, value, AtomicLong::doubleValue)
				.description(description)
				.tag("job", job)
				.register(this.registry);
			return value;
		});
	}

}
