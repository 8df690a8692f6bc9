package dev.logtally.metrics;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every series logtally publishes, with its help text: the one list that the metrics file, the {@code schedule}
 * endpoint, the documentation and the example alert rules agree on. Every series carries the label
 * {@value RunMetrics#JOB_LABEL}.
 *
 * <p>Counters are cumulative across runs: each run adds to the totals of the job's runs before it (kept in
 * {@code <home>/metrics/<job>.state.json}), so that Prometheus sees one counter that only grows, as its functions
 * ({@code increase}, {@code rate}) expect.
 */
public enum Series {

	/** Requests sent to a source's API. */
	REQUESTS("logtally.requests", Kind.COUNTER,
			"Requests sent to a source API, retries included; cumulative across the job's runs"),

	/** Requests sent again. */
	RETRIES("logtally.retries", Kind.COUNTER,
			"Requests sent again after a transient fault; cumulative across the job's runs"),

	/** Requests the source asked to slow down. */
	THROTTLED("logtally.throttled", Kind.COUNTER,
			"Requests the source answered by asking to slow down; cumulative across the job's runs"),

	/** Records read, of windows read in full. */
	RECORDS_READ("logtally.records.read", Kind.COUNTER,
			"Records read from a source, counted once per window, by the run that reads it to the end (a window "
					+ "resumed after a stop or a failure counts once); cumulative across the job's runs"),

	/** Records written, of windows read in full. */
	RECORDS_WRITTEN("logtally.records.written", Kind.COUNTER,
			"Records written (duplicates dropped), counted once per window, by the run that reads it to the end; "
					+ "cumulative across the job's runs"),

	/** Windows by verdict. */
	WINDOWS("logtally.windows", Kind.COUNTER,
			"Windows of runs, by the verdict each run gave them; a window that a resumed run reports again is not "
					+ "counted again, one stopped and then resumed counts once STOPPED and once with its final verdict; "
					+ "cumulative across the job's runs"),

	/** The exit code of the job's last run. */
	LAST_EXIT_CODE("logtally.last.exit.code", Kind.GAUGE,
			"The exit code of the job's last run (0 done, 1 failed, 2 invalid input or refused by the preflight, "
					+ "3 unreconciled, 130/143 stopped by a signal)"),

	/** When the job's last run ended. */
	LAST_RUN("logtally.last.run.timestamp.seconds", Kind.GAUGE,
			"When the job's last run ended, in seconds since the epoch"),

	/** When a run of the job last ended with exit code 0. */
	LAST_SUCCESS("logtally.last.success.timestamp.seconds", Kind.GAUGE,
			"When a run of the job last ended with exit code 0, in seconds since the epoch; 0 when none has yet"),

	/** The nightly high-water mark. */
	HIGH_WATER_MARK("logtally.high.water.mark.seconds", Kind.GAUGE,
			"The job's nightly high-water mark (every window before it is exported and MATCHED), in seconds since "
					+ "the epoch; present for job specs with a nightly section"),

	/** When {@code schedule} runs the job next. */
	NEXT_RUN("logtally.schedule.next.run.seconds", Kind.GAUGE,
			"When logtally schedule runs the job next, in seconds since the epoch");

	/** A counter only grows; a gauge is set. */
	public enum Kind {

		COUNTER, GAUGE

	}

	private final String meter;

	private final Kind kind;

	private final String help;

	Series(String meter, Kind kind, String help) {
		this.meter = meter;
		this.kind = kind;
		this.help = help;
	}

	/** The Micrometer name, such as {@code logtally.requests}. */
	public String meter() {
		return this.meter;
	}

	public Kind kind() {
		return this.kind;
	}

	public String help() {
		return this.help;
	}

	/** The name in the Prometheus text format, such as {@code logtally_requests_total}. */
	public String prometheusName() {
		String name = this.meter.replace('.', '_');
		return this.kind == Kind.COUNTER ? name + "_total" : name;
	}

	/** The series of a Micrometer name. */
	static Optional<Series> ofMeter(String meter) {
		return Arrays.stream(values()).filter((series) -> series.meter.equals(meter)).findFirst();
	}

}
