package dev.logtally.source;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.source.scf.ScfApiClient;
import dev.logtally.source.scf.ScfCredentials;
import dev.logtally.spec.JobSpec;
import dev.logtally.spec.RetrySpec;
import dev.logtally.spec.Secret;
import dev.logtally.spec.SourceSpec;

/**
 * The API clients of one run, one per source, sharing one HTTP client and one rate budget per account key. Sources
 * that share a SecretId share its budget, at the lowest {@code rateLimit} any of them sets.
 *
 * <p>Credentials live here, in memory only: they are resolved once from the spec's references and handed to signers,
 * never to job parameters, execution contexts or logs.
 */
public final class SourceClients {

	/** Waits at least this long after a throttled answer, whatever the backoff says. */
	private static final Duration THROTTLE_FLOOR = Duration.ofSeconds(1);

	private final JobSpec spec;

	private final Map<String, Map<String, Secret>> credentials;

	private final Clock clock;

	private final HttpClient http;

	private final RateBudgets budgets;

	private final Map<String, ScfApiClient> scf = new ConcurrentHashMap<>();

	public SourceClients(JobSpec spec, Map<String, Map<String, Secret>> credentials, Clock clock) {
		this.spec = spec;
		this.credentials = Map.copyOf(credentials);
		this.clock = clock;
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
	}

	/** The SCF API 3.0 client of a source, created on first use. */
	public ScfApiClient scf(String sourceId) {
		return this.scf.computeIfAbsent(sourceId, (id) -> scfClient(source(id), source(id).retry()));
	}

	/**
	 * A client for a quick check before anything is written: the same signing and budget, but at most three attempts,
	 * so a wrong endpoint is reported in seconds rather than after the full retry schedule.
	 */
	public ScfApiClient scfProbe(String sourceId) {
		SourceSpec source = source(sourceId);
		RetrySpec retry = source.retry();
		return scfClient(source,
				new RetrySpec(Math.min(3, retry.maxAttempts()), retry.initialBackoff(), retry.maxBackoff()));
	}

	private ScfApiClient scfClient(SourceSpec source, RetrySpec retry) {
		Map<String, Secret> secrets = this.credentials.get(source.id());
		ScfCredentials credentials = new ScfCredentials(secrets.get("secretId").reveal(), secrets.get("secretKey"),
				secrets.get("token"));
		return new ScfApiClient(source, credentials, this.http, this.budgets.forAccount(accountKey(source)),
				new RetryPolicy(source.id(), retry, THROTTLE_FLOOR), this.clock);
	}

	/** Sources that sign with the same SecretId draw from one budget: the API limits the account, not the source. */
	private String accountKey(SourceSpec source) {
		return "tencent:" + this.credentials.get(source.id()).get("secretId").reveal();
	}

	private SourceSpec source(String id) {
		return this.spec.source(id).orElseThrow(() -> new IllegalArgumentException("no source " + id + " in the spec"));
	}

}
