package dev.logtally.source;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.logtally.http.RateBudget;
import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.metrics.RunMetrics;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.RetrySpec;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceSpec;

/**
 * The sources of one run, with their API clients: one HTTP client, and one rate budget per account (SCF SecretId,
 * Huawei AK) or project (SLS) shared by every source and partition that uses it, at the lowest {@code rateLimit} any
 * of them sets.
 *
 * <p>Credentials live here, in memory only: they are resolved once from the spec's references and handed to signers,
 * never to job parameters, execution contexts or logs.
 */
public final class SourceClients {

	/** Waits at least this long after a throttled answer, whatever the backoff says. */
	private static final Duration THROTTLE_FLOOR = Duration.ofSeconds(1);

	/** A quick check before a run makes at most this many attempts, so a wrong endpoint is reported in seconds. */
	private static final int PROBE_ATTEMPTS = 3;

	private final Map<String, Map<String, Secret>> credentials;

	private final Clock clock;

	private final HttpClient http;

	private final RateBudgets budgets;

	private final FileStaging staging;

	private final RunMetrics metrics;

	/** The job spec's name, which labels the metrics of its sources. */
	private final String job;

	private final Map<String, LogSource> sources = new LinkedHashMap<>();

	private final Map<String, String> rateGroups = new HashMap<>();

	/** @param staging where sources that archive files whole (RDS) stage them: the archive provides it */
	public SourceClients(JobSpec spec, Map<String, Map<String, Secret>> credentials, FileStaging staging,
			Clock clock) {
		this(spec, credentials, staging, clock, new RunMetrics());
	}

	/** @param metrics counts every source's requests, retries and throttles */
	public SourceClients(JobSpec spec, Map<String, Map<String, Secret>> credentials, FileStaging staging,
			Clock clock, RunMetrics metrics) {
		this.metrics = metrics;
		this.job = spec.name();
		this.credentials = Map.copyOf(credentials);
		this.clock = clock;
		this.staging = staging;
		Map<String, Double> rates = new HashMap<>();
		for (SourceSpec source : spec.sources()) {
			rates.merge(accountKey(source), source.rateLimit(), Math::min);
		}
		this.budgets = new RateBudgets(rates);
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		for (SourceSpec source : spec.sources()) {
			this.sources.put(source.id(), create(source));
			this.rateGroups.put(source.id(), "rate-" + HexFormat.of()
				.formatHex(sha256(accountKey(source)))
				.substring(0, 16));
		}
	}

	/** @throws IllegalArgumentException for a source the spec does not have */
	public LogSource source(String id) {
		LogSource source = this.sources.get(id);
		if (source == null) {
			throw new IllegalArgumentException("no source " + id + " in the spec");
		}
		return source;
	}

	/**
	 * The name of the rate budget a source draws from, shared by every source of the same account: a hash of the
	 * account key, so that it can be given to a message broker without naming an access key.
	 * @throws IllegalArgumentException for a source the spec does not have
	 */
	public String rateGroup(String id) {
		String group = this.rateGroups.get(id);
		if (group == null) {
			throw new IllegalArgumentException("no source " + id + " in the spec");
		}
		return group;
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	private LogSource create(SourceSpec source) {
		RateBudget budget = this.budgets.forAccount(accountKey(source));
		return kind(source).open(source, this.credentials.get(source.id()),
				new SourceConnection(this.http, budget, policy(source, false), this.clock),
				new SourceConnection(this.http, budget, policy(source, true), this.clock), this.staging);
	}

	/** @param preflight for the check before a run: fewer attempts, and a host that does not resolve fails at once */
	private RetryPolicy policy(SourceSpec source, boolean preflight) {
		RetrySpec retry = source.retry();
		return new RetryPolicy(source.id(), preflight ? new RetrySpec(Math.min(PROBE_ATTEMPTS, retry.maxAttempts()),
				retry.initialBackoff(), retry.maxBackoff()) : retry, THROTTLE_FLOOR,
				this.metrics.source(this.job, source.id()), preflight);
	}

	/** Whose budget a source draws from: its kind knows what the API limits. */
	private String accountKey(SourceSpec source) {
		return kind(source).accountKey(source, this.credentials.get(source.id()));
	}

	/** The kind of a source the loader read: it was given {@link SourceKinds#all()}, so every type is a kind. */
	private static SourceKind kind(SourceSpec source) {
		if (!(source.type() instanceof SourceKind kind)) {
			throw new IllegalArgumentException("source " + source.id() + " is of type " + source.type().name()
					+ ", which is not a kind of source logtally can open (known: " + SourceKinds.known() + ")");
		}
		return kind;
	}

}
