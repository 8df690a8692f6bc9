package dev.logtally.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.logtally.http.RetryPolicy;
import dev.logtally.tally.FileSystemFault;
import dev.logtally.tally.WindowOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job's runs did, as Prometheus metrics ({@link Series}): requests, retries and throttles per source, records
 * and windows per target and verdict, and the job's last exit code, last run, last success and high-water mark.
 * Published by the commands that export ({@link #publish}) as {@code <home>/metrics/<job>.prom} for node exporters'
 * textfile collector, and served over HTTP by {@code schedule}. Names and counts only, never a credential.
 *
 * <p>Every series carries the job spec's name as {@value #JOB_LABEL}: not {@code job}, which Prometheus sets on every
 * series it scrapes (to the scrape job's name) and would rename ours to {@code exported_job}. Counters are cumulative
 * across the job's runs, and the last success and high-water mark carry over from earlier runs: a run adds to, and
 * keeps, what the job's earlier runs published ({@code <home>/metrics/<job>.state.json}).
 */
public final class RunMetrics {

	/** The label naming the job spec, on every series. */
	public static final String JOB_LABEL = "logtally_job";

	/**
	 * The state file's mapper, built on first use, as the registry is: picocli makes every job command, each with its
	 * metrics, even to print {@code --help}, and building a mapper loads some 500 classes (about 0.3 s of a fresh JVM's
	 * CPU), a registry with its logging some 200 more.
	 */
	private static final class Json {

		static final JsonMapper MAPPER = JsonMapper.builder().build();

	}

	/** Made on first use ({@link #registry()}), then never replaced. */
	private volatile @Nullable PrometheusMeterRegistry registry;

	private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

	/** The jobs whose earlier runs' metrics this instance has taken over: once each, or counters would double. */
	private final Set<String> restored = ConcurrentHashMap.newKeySet();

	/**
	 * What a job's runs published, kept beside its metrics file so that the next run can add to it.
	 * @param series every series of the job: the Micrometer name, the labels, the value
	 */
	record State(List<Sample> series) {

		record Sample(String name, Map<String, String> labels, double value) {
		}

	}

	/** Counts the attempts and retries of one source's requests, for job spec {@code job}. */
	public RetryPolicy.Listener source(String job, String source) {
		Tags tags = Tags.of(JOB_LABEL, job, "source", source);
		Counter requests = counter(Series.REQUESTS, tags);
		Counter retries = counter(Series.RETRIES, tags);
		Counter throttled = counter(Series.THROTTLED, tags);
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
	 * Counts the verdicts of a run's windows, as the run's table shows them (a window whose publication failed is
	 * NOT_PUBLISHED, one the run stopped STOPPED or NOT_STARTED), and the records of the windows this run read in
	 * full. A resumed run reports again the windows an earlier run finished: they are not counted again. The counts
	 * of a window not read in full are its progress so far: the records of each window count once, in the run that
	 * read it to the end.
	 * @param readByThisRun the outcomes, among {@code outcomes}, of the windows this run read in full
	 * @param reportedBefore the outcomes, among {@code outcomes}, of the windows an earlier run finished
	 */
	public void windows(String job, List<WindowOutcome> outcomes, List<WindowOutcome> readByThisRun,
			List<WindowOutcome> reportedBefore) {
		for (WindowOutcome outcome : outcomes) {
			Tags tags = Tags.of(JOB_LABEL, job, "source", outcome.source(), "target", outcome.target());
			// Registered with nothing added, so that every target's series is there from its first run.
			counter(Series.RECORDS_READ, tags);
			counter(Series.RECORDS_WRITTEN, tags);
			if (!reportedBefore.contains(outcome)) {
				counter(Series.WINDOWS, tags.and("verdict", outcome.verdict().name())).increment();
			}
		}
		for (WindowOutcome outcome : readByThisRun) {
			Tags tags = Tags.of(JOB_LABEL, job, "source", outcome.source(), "target", outcome.target());
			counter(Series.RECORDS_READ, tags).increment(outcome.counts().read());
			counter(Series.RECORDS_WRITTEN, tags).increment(outcome.counts().written());
		}
	}

	/** The job's nightly high-water mark after a nightly run, whether or not it exported anything. */
	public void highWaterMark(String job, Instant mark) {
		gauge(Series.HIGH_WATER_MARK, job).set((double) mark.getEpochSecond());
	}

	/** How the job's run ended, and when: a run that ends with exit code 0 is the job's last success. */
	public void runEnded(String job, int exitCode, Instant at) {
		gauge(Series.LAST_EXIT_CODE, job).set((double) exitCode);
		gauge(Series.LAST_RUN, job).set((double) at.getEpochSecond());
		if (exitCode == 0) {
			gauge(Series.LAST_SUCCESS, job).set((double) at.getEpochSecond());
		}
	}

	/** When {@code schedule} runs the job next: an alert can tell a stalled scheduler from an idle one. */
	public void nextRun(String job, Instant at) {
		gauge(Series.NEXT_RUN, job).set((double) at.getEpochSecond());
	}

	/** Every metric in the Prometheus text format. */
	public String scrape() {
		return registry().scrape();
	}

	/**
	 * Writes the job's metrics to {@code <folder>/<job>.prom} (under a temporary name first, as textfile collectors
	 * require), after taking over, once, what the job's earlier runs published there: their counters are added to,
	 * and their last success and high-water mark kept when this run has none.
	 * @param nightlyStart the spec's {@code nightly.start}, the high-water mark before any nightly run; {@code null}
	 *     for a spec without nightly runs, which has no mark
	 */
	public void publish(Path folder, String job, @Nullable Instant nightlyStart) {
		Path state = folder.resolve(job + ".state.json");
		takeOver(folder, job);
		gauge(Series.LAST_SUCCESS, job).compareAndSet(null, 0.0);
		if (nightlyStart != null) {
			gauge(Series.HIGH_WATER_MARK, job).compareAndSet(null, (double) nightlyStart.getEpochSecond());
		}
		try {
			Files.createDirectories(folder);
			replace(state, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot(job)));
		}
		catch (IOException ex) {
			throw failure(state, ex);
		}
		writeTo(folder.resolve(job + ".prom"));
	}

	/**
	 * Takes over what the job's earlier runs published in {@code folder}, once: {@code schedule} serves it from its
	 * start, so that a restarted scheduler does not hide the last exit code and success until its first night.
	 */
	public void takeOver(Path folder, String job) {
		if (this.restored.add(job)) {
			restore(job, folder.resolve(job + ".state.json"));
		}
	}

	/** Writes {@link #scrape()} to {@code file}, under a temporary name first, as textfile collectors require. */
	public void writeTo(Path file) {
		try {
			Files.createDirectories(file.getParent());
			replace(file, scrape());
		}
		catch (IOException ex) {
			throw failure(file, ex);
		}
	}

	private static void replace(Path file, String content) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".part");
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static UncheckedIOException failure(Path file, IOException ex) {
		return FileSystemFault.of(file, ex)
			.map(UncheckedIOException.class::cast)
			.orElseGet(() -> new UncheckedIOException("cannot write the metrics file " + file + ": " + ex.getMessage(),
					ex));
	}

	private void restore(String job, Path file) {
		State state;
		try {
			state = Json.MAPPER.readValue(Files.readString(file), State.class);
		}
		catch (NoSuchFileException ex) {
			return;
		}
		catch (IOException | JacksonException ex) {
			// Counters that start again from zero are a reset, which Prometheus's functions take in their stride;
			// refusing to publish would hide this run's exit code.
			return;
		}
		for (State.Sample sample : state.series()) {
			Series series = Series.ofMeter(sample.name()).orElse(null);
			if (series == null || !job.equals(sample.labels().get(JOB_LABEL))) {
				continue;
			}
			if (series.kind() == Series.Kind.COUNTER) {
				List<Tag> tags = new ArrayList<>();
				sample.labels().forEach((key, value) -> tags.add(Tag.of(key, value)));
				counter(series, Tags.of(tags)).increment(sample.value());
			}
			else if (sample.labels().size() == 1) {
				// This run's values are newer: only those it did not set carry over.
				gauge(series, job).compareAndSet(null, sample.value());
			}
		}
	}

	private State snapshot(String job) {
		List<State.Sample> samples = new ArrayList<>();
		for (Meter meter : registry().getMeters()) {
			if (!job.equals(meter.getId().getTag(JOB_LABEL))) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			meter.getId().getTags().forEach((tag) -> labels.put(tag.getKey(), tag.getValue()));
			double value = meter instanceof Counter counter ? counter.count()
					: meter instanceof Gauge gauge ? gauge.value() : Double.NaN;
			if (!Double.isNaN(value)) {
				samples.add(new State.Sample(meter.getId().getName(), labels, value));
			}
		}
		return new State(samples);
	}

	private PrometheusMeterRegistry registry() {
		PrometheusMeterRegistry made = this.registry;
		if (made == null) {
			synchronized (this) {
				made = this.registry;
				if (made == null) {
					made = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
					this.registry = made;
				}
			}
		}
		return made;
	}

	private Counter counter(Series series, Tags tags) {
		return Counter.builder(series.meter()).description(series.help()).tags(tags).register(registry());
	}

	/** A gauge whose value is {@code null} until set: Micrometer shows it as NaN, so it is registered on first set. */
	private AtomicReference<Double> gauge(Series series, String job) {
		return this.gauges.computeIfAbsent(series.meter() + "/" + job, (key) -> {
			AtomicReference<Double> value = new AtomicReference<>();
			Gauge.builder(series.meter(), value, (reference) -> reference.get() == null ? Double.NaN : reference.get())
				.description(series.help())
				.tag(JOB_LABEL, job)
				.register(registry());
			return value;
		});
	}

}
