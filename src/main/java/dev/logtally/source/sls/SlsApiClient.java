package dev.logtally.source.sls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.logtally.http.ErrorBody;
import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.http.SourceHttp;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;

/**
 * A client for Alibaba Cloud SLS {@code GetLogs} and {@code GetHistograms} (the documented {@code GET
 * /logstores/{logstore}?type=...} form), on the JDK {@link HttpClient}.
 *
 * <p>Requests are addressed to {@code <project>.<endpoint>}. For an endpoint that is an IP address or
 * {@code localhost} (a private or test endpoint) the connection goes to the endpoint itself and the project travels in
 * the {@code Host} header, as the official SDKs do; the JDK only allows that when the JVM runs with
 * {@code jdk.httpclient.allowRestrictedHeaders=host}, which the command line sets.
 *
 * <p>Two kinds of waiting are kept apart. HTTP faults (quota, 5xx, resets, timeouts) are retried by the
 * {@link RetryPolicy}. An answer marked {@code x-log-progress: Incomplete} is a valid answer that is not final: the
 * identical request is sent again, with backoff, within the source's bound of attempts and time; its page is never
 * used.
 */
public final class SlsApiClient {

	static final String API_VERSION = "0.6.0";

	private static final DateTimeFormatter RFC_1123 = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final SourceSpec source;

	private final SlsOptions options;

	private final SlsCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final URI base;

	private final String hostHeader;

	private final boolean explicitHost;

	private final SlsResponseParser parser = new SlsResponseParser();

	public SlsApiClient(SourceSpec source, SlsCredentials credentials, SourceConnection connection) {
		this.source = source;
		this.options = source.options(SlsOptions.class);
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		URI endpoint = source.endpoint();
		String authority = endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
		this.explicitHost = isAddressOrLocalhost(endpoint.getHost());
		this.hostHeader = this.options.project() + "." + authority;
		this.base = this.explicitHost ? URI.create(endpoint.getScheme() + "://" + authority)
				: URI.create(endpoint.getScheme() + "://" + this.hostHeader);
	}

	/**
	 * The logs of {@code range}, {@code line} at most, from {@code offset}, once SLS says the answer is complete.
	 * @return empty when the query stayed Incomplete beyond the source's bound
	 */
	public Optional<List<QueriedLog>> logs(SlsTarget target, NsRange range, int offset, int line) {
		Map<String, String> parameters = parameters(target, range, "log");
		parameters.put("line", Integer.toString(line));
		parameters.put("offset", Integer.toString(offset));
		parameters.put("reverse", "false");
		return untilComplete(target, range, parameters, this.parser::logs);
	}

	/**
	 * The counts of {@code range} by bucket, once complete.
	 * @return empty when the histogram stayed Incomplete beyond the source's bound
	 */
	public Optional<List<HistogramBucket>> histogram(SlsTarget target, NsRange range) {
		return untilComplete(target, range, parameters(target, range, "histogram"), this.parser::histogram);
	}

	private Map<String, String> parameters(SlsTarget target, NsRange range, String type) {
		Map<String, String> parameters = new TreeMap<>();
		parameters.put("type", type);
		parameters.put("from", Long.toString(range.fromSecond()));
		parameters.put("to", Long.toString(range.toSecond()));
		if (range.fromNs() != 0 || range.toNs() != 0) {
			parameters.put("fromNs", Long.toString(range.fromNs()));
			parameters.put("toNs", Long.toString(range.toNs()));
		}
		parameters.put("query", target.query());
		parameters.put("accurate", "true");
		if (target.topic() != null) {
			parameters.put("topic", target.topic());
		}
		return parameters;
	}

	private <T> Optional<T> untilComplete(SlsTarget target, NsRange range, Map<String, String> parameters,
			Function<InputStream, T> reader) {
		String context = context(target, range);
		Instant deadline = this.clock.instant().plus(this.options.incompleteTime());
		Duration backoff = this.source.retry().initialBackoff();
		for (int attempt = 1;; attempt++) {
			Answer<T> answer = this.retry.call(() -> send(context, target.logstore(), parameters, reader));
			if (answer.complete()) {
				return Optional.of(answer.value());
			}
			if (attempt >= this.options.incompleteAttempts() || !this.clock.instant().plus(backoff).isBefore(deadline)) {
				return Optional.empty();
			}
			pause(context, backoff);
			backoff = backoff.multipliedBy(2).compareTo(this.source.retry().maxBackoff()) > 0
					? this.source.retry().maxBackoff() : backoff.multipliedBy(2);
		}
	}

	private record Answer<T>(T value, boolean complete) {
	}

	/** Names what was asked, for messages: source, project, logstore and range. */
	String context(SlsTarget target, NsRange range) {
		return "source " + this.source.id() + ", project " + this.options.project() + ", logstore "
				+ target.logstore() + ", range " + range;
	}

	private <T> Answer<T> send(String context, String logstore, Map<String, String> parameters,
			Function<InputStream, T> reader) {
		return SourceHttp.exchange(this.http, () -> sign(logstore, parameters), this.budget, context, this.base,
				(response, in) -> {
					int status = response.statusCode();
					if (status != 200) {
						Optional<ErrorBody> error = ErrorBody.read(in, "errorCode", "errorMessage");
						throw classify(context, status, error.map(ErrorBody::code).orElse(null),
								error.map(ErrorBody::message).orElse(""));
					}
					String progress = response.headers().firstValue("x-log-progress").orElse(null);
					if (progress == null) {
						throw new SourceException(SourceException.Kind.MALFORMED,
								context + ": malformed answer: no x-log-progress header");
					}
					if (!progress.equals("Complete")) {
						// An Incomplete page must never be used: drop it unread.
						in.transferTo(OutputStream.nullOutputStream());
						return new Answer<T>(null, false);
					}
					return new Answer<>(reader.apply(in), true);
				});
	}

	static SourceException classify(String context, int status, String code, String message) {
		String what = context + ": HTTP " + status + (code == null ? "" : " " + code + ": " + message);
		if (status == 403 && ("ReadQuotaExceed".equals(code) || message.contains("QPS"))) {
			return new SourceException(SourceException.Kind.THROTTLED, what);
		}
		if (status == 429) {
			return new SourceException(SourceException.Kind.THROTTLED, what);
		}
		if (status >= 500) {
			return new SourceException(SourceException.Kind.SERVER, what);
		}
		if (status == 401) {
			return new SourceException(SourceException.Kind.AUTH, what + " (check the credentials this source references)");
		}
		if (status == 404 && "ProjectNotExist".equals(code)) {
			// The source's project, not its target: every logstore of the source would say the same.
			return new SourceException(SourceException.Kind.REJECTED, what + " (check the source's project)");
		}
		if (status == 404) {
			return new SourceException(SourceException.Kind.NOT_FOUND, what);
		}
		if ("RequestTimeExpired".equals(code) || "RequestTimeTooSkewed".equals(code)) {
			return new SourceException(SourceException.Kind.REJECTED, what + " (check this machine's clock)");
		}
		return new SourceException(SourceException.Kind.REJECTED, what);
	}

	private HttpRequest sign(String logstore, Map<String, String> parameters) {
		String path = "/logstores/" + logstore;
		String date = RFC_1123.format(this.clock.instant());
		Map<String, String> logHeaders = new TreeMap<>();
		logHeaders.put("x-log-apiversion", API_VERSION);
		logHeaders.put("x-log-signaturemethod", SlsSigner.SIGNATURE_METHOD);
		logHeaders.put("x-log-bodyrawsize", "0");
		if (this.credentials.securityToken() != null) {
			logHeaders.put("x-acs-security-token", this.credentials.securityToken().reveal());
		}
		String signature = SlsSigner.signature(this.credentials.accessKeySecret().reveal(),
				new SlsSigner.Input("GET", "", "", date, logHeaders, path, parameters));
		String query = parameters.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path + "?" + query))
			.timeout(this.source.timeout())
			.header("Date", date)
			.header("Authorization", SlsSigner.authorization(this.credentials.accessKeyId(), signature))
			.GET();
		logHeaders.forEach(request::header);
		if (this.explicitHost) {
			request.header("Host", this.hostHeader);
		}
		return request.build();
	}

	private void pause(String context, Duration backoff) {
		try {
			Thread.sleep(backoff.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SourceException(SourceException.Kind.INTERRUPTED, context + ": interrupted", ex);
		}
	}

	/** Percent-encoding with {@code %20} for spaces: SLS signs decoded values, so only the transport form changes. */
	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static boolean isAddressOrLocalhost(String host) {
		if (host.equals("localhost") || host.startsWith("[")) {
			return true;
		}
		if (!host.matches("[0-9.]+")) {
			return false;
		}
		try {
			return InetAddress.getByName(host).getHostAddress().equals(host);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
