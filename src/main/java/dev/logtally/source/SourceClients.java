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

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.metrics.RunMetrics;
import dev.logtally.source.rds.RdsApiClient;
import dev.logtally.source.rds.RdsCredentials;
import dev.logtally.source.rds.RdsLogSource;
import dev.logtally.source.scf.ScfApiClient;
import dev.logtally.source.scf.ScfCredentials;
import dev.logtally.source.scf.ScfLegacyApiClient;
import dev.logtally.source.scf.ScfLegacyLogSource;
import dev.logtally.source.scf.ScfLogSource;
import dev.logtally.source.sls.SlsApiClient;
import dev.logtally.source.sls.SlsCredentials;
import dev.logtally.source.sls.SlsLogSource;
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
		return switch (source.type()) {
			case TENCENT_SCF -> new ScfLogSource(source, scfClient(source, policy(source, false)),
					scfClient(source, policy(source, true)));
			case TENCENT_SCF_LEGACY -> new ScfLegacyLogSource(source, scfLegacyClient(source, policy(source, false)),
					scfLegacyClient(source, policy(source, true)));
			case ALIYUN_SLS -> new SlsLogSource(source, slsClient(source, policy(source, false)),
					slsClient(source, policy(source, true)));
			case HUAWEI_RDS -> new RdsLogSource(source, rdsClient(source, policy(source, false)),
					rdsClient(source, policy(source, true)), this.staging);
		};
	}

	private ScfCredentials scfCredentials(SourceSpec source) {
		Map<String, Secret> secrets = this.credentials.get(source.id());
		return new ScfCredentials(secrets.get("secretId").reveal(), secrets.get("secretKey"), secrets.get("token"));
	}

	private ScfApiClient scfClient(SourceSpec source, RetryPolicy retry) {
		return new ScfApiClient(source, scfCredentials(source), this.http, this.budgets.forAccount(accountKey(source)),
				retry, this.clock);
	}

	private ScfLegacyApiClient scfLegacyClient(SourceSpec source, RetryPolicy retry) {
		return new ScfLegacyApiClient(source, scfCredentials(source), this.http, this.budgets.forAccount(accountKey(source)),
				retry, this.clock);
	}

	private SlsApiClient slsClient(SourceSpec source, RetryPolicy retry) {
		Map<String, Secret> secrets = this.credentials.get(source.id());
		SlsCredentials credentials = new SlsCredentials(secrets.get("accessKeyId").reveal(),
				secrets.get("accessKeySecret"), secrets.get("securityToken"));
		return new SlsApiClient(source, credentials, this.http, this.budgets.forAccount(accountKey(source)),
				retry, this.clock);
	}

	private RdsApiClient rdsClient(SourceSpec source, RetryPolicy retry) {
		Map<String, Secret> secrets = this.credentials.get(source.id());
		RdsCredentials credentials = new RdsCredentials(secrets.get("accessKey").reveal(), secrets.get("secretKey"),
				secrets.get("securityToken"));
		return new RdsApiClient(source, credentials, this.http, this.budgets.forAccount(accountKey(source)),
				retry, this.clock);
	}

	/** @param preflight for the check before a run: fewer attempts, and a host that does not resolve fails at once */
	private RetryPolicy policy(SourceSpec source, boolean preflight) {
		RetrySpec retry = source.retry();
		return new RetryPolicy(source.id(), preflight ? new RetrySpec(Math.min(PROBE_ATTEMPTS, retry.maxAttempts()),
				retry.initialBackoff(), retry.maxBackoff()) : retry, THROTTLE_FLOOR,
				this.metrics.source(this.job, source.id()), preflight);
	}

	/**
	 * Whose budget a source draws from: the API limits the Tencent account (SecretId), and the SLS project, not the
	 * source as the spec names it.
	 */
	private String accountKey(SourceSpec source) {
		return switch (source.type()) {
			case TENCENT_SCF, TENCENT_SCF_LEGACY -> "tencent:" + this.credentials.get(source.id()).get("secretId").reveal();
			case ALIYUN_SLS -> "sls:" + source.endpoint().getHost() + "/" + source.sls().project();
			case HUAWEI_RDS -> "huawei:" + this.credentials.get(source.id()).get("accessKey").reveal();
		};
	}

}
