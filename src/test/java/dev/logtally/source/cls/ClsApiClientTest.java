package dev.logtally.source.cls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.jobspec.RereadSpec;
import dev.logtally.jobspec.RetrySpec;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.source.tencent.Tc3Signer;
import dev.logtally.window.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's requests as they leave, against a loopback server that records them and returns canned answers: the
 * API 3.0 headers, a TC3 signature whose scope names {@code cls} and which verifies, the bodies of both actions with
 * CQL stated explicitly, the SQL count(*) that cross-checks a window, the source's count and probe with it on and
 * off, and errors in HTTP 200 answers retried or not by their code.
 */
class ClsApiClientTest {

	private static final Instant NOW = Instant.parse("2026-11-01T02:00:00Z");

	private static final String SECRET_ID = "AKIDclsClientTest";

	private static final String SECRET_KEY = "cls-client-test-key";

	private static final String TOKEN = "cls-session-token";

	private static final ClsTarget TOPIC = new ClsTarget("app", "0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d",
			"level:ERROR AND msg:\"a|b\"");

	private static final MsRange HOUR = MsRange.of(Instant.parse("2026-11-01T00:00:00Z"),
			Instant.parse("2026-11-01T01:00:00Z"));

	private record Request(Map<String, String> headers, byte[] body) {

		JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

	}

	private final List<Request> requests = new ArrayList<>();

	private final Deque<String> answers = new ArrayDeque<>();

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private synchronized void answer(HttpExchange exchange) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
		this.requests.add(new Request(headers, exchange.getRequestBody().readAllBytes()));
		byte[] body = this.answers.isEmpty() ? "{}".getBytes(StandardCharsets.UTF_8)
				: this.answers.poll().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Test
	void signsASearchLogForTheClsServiceWithEveryApiHeaderAndCqlStated() {
		this.answers.add("{\"Response\":{\"Context\":\"c2\",\"ListOver\":false,\"Results\":[{\"Time\":"
				+ HOUR.start() + ",\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}");

		ClsPage page = client(Secret.of(TOKEN)).searchLog(new ClsSearch(TOPIC, HOUR, 500, "c1"));

		assertThat(page.logs()).hasSize(1);
		Request request = this.requests.get(0);
		assertThat(request.headers()).containsEntry("x-tc-action", "SearchLog")
			.containsEntry("x-tc-version", "2020-10-16")
			.containsEntry("x-tc-region", "ap-guangzhou")
			.containsEntry("x-tc-timestamp", Long.toString(NOW.getEpochSecond()))
			.containsEntry("x-tc-token", TOKEN)
			.containsEntry("content-type", "application/json; charset=utf-8");
		assertThat(request.headers().get("authorization"))
			.startsWith("TC3-HMAC-SHA256 Credential=" + SECRET_ID + "/2026-11-01/cls/tc3_request, "
					+ "SignedHeaders=content-type;host, Signature=");
		assertThat(request.headers().get("authorization")).doesNotContain(SECRET_KEY);
		JsonNode body = request.json();
		assertThat(body.get("TopicId").asString()).isEqualTo(TOPIC.topic());
		assertThat(body.get("From").asLong()).isEqualTo(HOUR.start());
		assertThat(body.get("To").asLong()).isEqualTo(HOUR.end());
		assertThat(body.get("QueryString").asString()).isEqualTo(TOPIC.query());
		assertThat(body.get("QuerySyntax").asInt()).isEqualTo(1);
		assertThat(body.get("Sort").asString()).isEqualTo("asc");
		assertThat(body.get("Limit").asInt()).isEqualTo(500);
		assertThat(body.get("Context").asString()).isEqualTo("c1");
	}

	@Test
	void aSignatureTheServerCanReDeriveFromWhatArrived() {
		this.answers.add("{\"Response\":{\"RequestId\":\"r\"}}");

		client(null).searchLog(new ClsSearch(TOPIC, HOUR, 1, null));

		Request request = this.requests.get(0);
		Map<String, String> signed = new LinkedHashMap<>();
		signed.put("content-type", request.headers().get("content-type"));
		signed.put("host", request.headers().get("host"));
		Tc3Signer.Signature expected = Tc3Signer.sign(SECRET_KEY, new Tc3Signer.Input("POST", "", signed,
				request.body(), "cls", NOW.getEpochSecond()));
		assertThat(request.headers().get("authorization")).isEqualTo(expected.authorization(SECRET_ID));
		assertThat(request.headers()).doesNotContainKey("x-tc-token");
		assertThat(request.json().has("Context")).isFalse();
	}

	@Test
	void asksAHistogramWithTheStatementAsQueryAndCqlAsSyntaxRule() {
		this.answers.add("{\"Response\":{\"Interval\":18000,\"TotalCount\":5,\"HistogramInfos\":[{\"Count\":5,"
				+ "\"BTime\":" + HOUR.start() + "}],\"RequestId\":\"r\"}}");

		ClsHistogram histogram = client(null).histogram(TOPIC, HOUR, ClsApiClient.finestInterval(HOUR));

		assertThat(histogram.totalCount()).isEqualTo(5);
		Request request = this.requests.get(0);
		assertThat(request.headers()).containsEntry("x-tc-action", "DescribeLogHistogram");
		JsonNode body = request.json();
		assertThat(body.get("Query").asString()).isEqualTo(TOPIC.query());
		assertThat(body.get("SyntaxRule").asInt()).isEqualTo(1);
		assertThat(body.get("Interval").asLong()).isEqualTo(18_000);
		assertThat(body.has("QueryString")).isFalse();
	}

	@Test
	void theFinestIntervalGivesAtMostTwoHundredBucketsOfAtLeastAMillisecond() {
		assertThat(ClsApiClient.finestInterval(HOUR)).isEqualTo(18_000);
		assertThat(ClsApiClient.finestInterval(new MsRange(0, 201))).isEqualTo(2);
		assertThat(ClsApiClient.finestInterval(new MsRange(0, 200))).isEqualTo(1);
		assertThat(ClsApiClient.finestInterval(new MsRange(5, 6))).isEqualTo(1);
	}

	@Test
	void retriesAThrottledSearchAndReadsTheAnswerThatFollows() {
		this.answers.add(error("LimitExceeded.LogSearch", "concurrent queries over the limit"));
		this.answers.add(error("InternalError.ServerBusy", "busy"));
		this.answers.add("{\"Response\":{\"ListOver\":true,\"RequestId\":\"r\"}}");

		ClsPage page = client(null).searchLog(new ClsSearch(TOPIC, HOUR, 10, null));

		assertThat(page.listOver()).isTrue();
		assertThat(this.requests).hasSize(3);
	}

	@Test
	void failsAtOnceOnRefusedCredentialsNamingSourceTopicAndRangeButNoSecret() {
		this.answers.add(error("AuthFailure.SignatureFailure", "The provided credentials could not be validated."));

		assertThatThrownBy(() -> client(Secret.of(TOKEN)).searchLog(new ClsSearch(TOPIC, HOUR, 10, null)))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.hasMessageContaining("source cls-gz, topic " + TOPIC.topic() + ", range " + HOUR)
			.hasMessageContaining("AuthFailure.SignatureFailure")
			.message()
			.doesNotContain(SECRET_KEY)
			.doesNotContain(TOKEN);
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void handsAnExpiredContextToTheReaderWithoutRetrying() {
		this.answers.add(error("FailedOperation.InvalidContext", "context expired"));

		assertThatThrownBy(() -> client(null).searchLog(new ClsSearch(TOPIC, HOUR, 10, "old")))
			.isInstanceOfSatisfying(ClsQueryException.class,
					(ex) -> assertThat(ex.refusal()).isEqualTo(ClsQueryException.Refusal.INVALID_CONTEXT));
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void aMalformedAnswerNamesTheFieldAndIsRetried() {
		this.answers.add("{\"Response\":{\"Results\":[{\"Time\":\"soon\",\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}");
		this.answers.add("{\"Response\":{\"Results\":[{\"Time\":\"soon\",\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}");
		this.answers.add("{\"Response\":{\"Results\":[{\"Time\":\"soon\",\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}");

		assertThatThrownBy(() -> client(null).searchLog(new ClsSearch(TOPIC, HOUR, 10, null)))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.MALFORMED))
			.hasMessageContaining("gave up after 3 attempts")
			.hasMessageContaining("Response.Results[0].Time must be whole milliseconds");
	}

	@Test
	void withTheSqlCountOffTheSourcesCountOfAWindowIsItsHistogramsTotal() {
		this.answers.add("{\"Response\":{\"Interval\":18000,\"TotalCount\":25000,\"HistogramInfos\":[],"
				+ "\"RequestId\":\"r\"}}");
		ClsLogSource source = new ClsLogSource(spec(false), client(null), client(null));

		assertThat(source.count(TOPIC, window())).hasValue(25_000);
		assertThat(this.requests).hasSize(1);
		assertThat(this.requests.get(0).headers()).containsEntry("x-tc-action", "DescribeLogHistogram");
		assertThat(this.requests.get(0).json().get("Interval").asLong()).isEqualTo(18_000);
	}

	@Test
	void countsAWindowWithOneSqlCountOfCountStarAtSamplingRateOneBoundedExactlyAndInCql() {
		this.answers.add(sqlAnswer(1_234));
		ClsTarget function = new ClsTarget("fn", TOPIC.topic(), "SCF_FunctionName:\"order-api\"",
				Map.of("SCF_FunctionName", "order-api", "SCF_Namespace", "o'ps"));

		long count = client(null).sqlCount(function, HOUR);

		assertThat(count).isEqualTo(1_234);
		assertThat(this.requests).hasSize(1);
		Request request = this.requests.get(0);
		assertThat(request.headers()).containsEntry("x-tc-action", "SearchLog");
		assertThat(request.headers().get("authorization")).contains("/cls/tc3_request");
		JsonNode body = request.json();
		assertThat(body.get("TopicId").asString()).isEqualTo(TOPIC.topic());
		assertThat(body.get("From").asLong()).isEqualTo(HOUR.start());
		assertThat(body.get("To").asLong()).isEqualTo(HOUR.end());
		assertThat(body.get("QueryString").asString()).isEqualTo("SCF_FunctionName:\"order-api\" | select count(*) as c "
				+ "where __TIMESTAMP__ >= " + HOUR.start() + " and __TIMESTAMP__ < " + HOUR.end()
				+ " and \"SCF_FunctionName\" = 'order-api' and \"SCF_Namespace\" = 'o''ps'");
		assertThat(body.get("QuerySyntax").asInt()).isEqualTo(1);
		assertThat(body.get("SamplingRate").asDouble()).isEqualTo(1.0);
		assertThat(body.get("UseNewAnalysis").asBoolean()).isTrue();
		assertThat(body.has("Limit")).as("Limit, ignored for SQL").isFalse();
		assertThat(body.has("Sort")).as("Sort, ignored for SQL").isFalse();
		assertThat(body.has("Context")).isFalse();
	}

	@Test
	void aTopicThatRunsNoSqlFailsTheCountAtOnceNamingSourceTopicAndTheOptionThatTurnsItOff() {
		this.answers.add(error("FailedOperation.QueryError", "query failed"));

		assertThatThrownBy(() -> client(null).sqlCount(TOPIC, HOUR))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.REJECTED))
			.hasMessageContaining("source cls-gz, topic " + TOPIC.topic() + ", range " + HOUR)
			.hasMessageContaining("FailedOperation.QueryError")
			.hasMessageContaining("set `sqlCount: false` on source cls-gz");
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void anSqlCountCLSFindsTooLargeFailsAsTheWindowsErrorNamingTheOptionNotAsASplitForTheReader() {
		this.answers.add(error("LimitExceeded.SearchResources", "search memory exceeded"));

		assertThatThrownBy(() -> client(null).sqlCount(TOPIC, HOUR))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.REJECTED))
			.hasMessageContaining("source cls-gz, topic " + TOPIC.topic() + ", range " + HOUR)
			.hasMessageContaining("LimitExceeded.SearchResources")
			.hasMessageContaining("cannot be split")
			.hasMessageContaining("set `sqlCount: false` on source cls-gz");
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void aThrottledSqlCountIsRetriedAndRefusedCredentialsAreNotBlamedOnSql() {
		this.answers.add(error("LimitExceeded.LogSearch", "concurrent queries over the limit"));
		this.answers.add(sqlAnswer(7));
		this.answers.add(error("AuthFailure.SecretIdNotFound", "no such SecretId"));

		assertThat(client(null).sqlCount(TOPIC, HOUR)).isEqualTo(7);
		assertThatThrownBy(() -> client(null).sqlCount(TOPIC, HOUR))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.message()
			.doesNotContain("sqlCount");
		assertThat(this.requests).hasSize(3);
	}

	@Test
	void withTheSqlCountOnATopicsCountIsItsHistogramsTotalConfirmedBySql() {
		this.answers.add(histogramAnswer(25_000));
		this.answers.add(sqlAnswer(25_000));
		ClsLogSource source = new ClsLogSource(spec(true), client(null), client(null));

		assertThat(source.count(TOPIC, window())).hasValue(25_000);
		assertThat(this.requests).extracting((request) -> request.headers().get("x-tc-action"))
			.containsExactly("DescribeLogHistogram", "SearchLog");
		assertThat(this.requests.get(1).json().get("QueryString").asString()).contains("| select count(*) as c");
	}

	@Test
	void aTopicsWindowWhoseHistogramAndSqlCountsDifferHasNoCountAndTheErrorNamesBoth() {
		this.answers.add(histogramAnswer(25_000));
		this.answers.add(sqlAnswer(24_997));
		ClsLogSource source = new ClsLogSource(spec(true), client(null), client(null));

		assertThatThrownBy(() -> source.count(TOPIC, window())).isInstanceOf(SourceException.class)
			.hasMessageContaining("source cls-gz, topic " + TOPIC.topic() + ", range " + HOUR)
			.hasMessageContaining("the histogram counts 25000 logs and the SQL count(*) 24997");
	}

	@Test
	void withTheSqlCountOnAFunctionsCountIsItsSqlCountWithItsExactFieldsAlone() {
		this.answers.add(sqlAnswer(42));
		ClsFunctionTarget function = new ClsFunctionTarget("order-api", "order-api", "default", null, TOPIC.topic());
		ClsLogSource source = new ClsLogSource(spec(true), client(null), client(null));

		assertThat(source.count(function, window())).hasValue(42);
		assertThat(this.requests).hasSize(1);
		assertThat(this.requests.get(0).json().get("QueryString").asString())
			.endsWith(" and \"SCF_FunctionName\" = 'order-api' and \"SCF_Namespace\" = 'default'");
	}

	@Test
	void withTheSqlCountOffAFunctionsCountIsItsHistogramsTotal() {
		this.answers.add(histogramAnswer(43));
		ClsFunctionTarget function = new ClsFunctionTarget("order-api", "order-api", "default", null, TOPIC.topic());
		ClsLogSource source = new ClsLogSource(spec(false), client(null), client(null));

		assertThat(source.count(function, window())).hasValue(43);
		assertThat(this.requests).extracting((request) -> request.headers().get("x-tc-action"))
			.containsExactly("DescribeLogHistogram");
	}

	@Test
	void theProbeIsOneSearchOfOneLogThenOneSqlCountAndReportsRefusedCredentials() {
		this.answers.add("{\"Response\":{\"ListOver\":true,\"RequestId\":\"r\"}}");
		this.answers.add(sqlAnswer(0));
		this.answers.add(error("ResourceNotFound.TopicNotExist", "topic not exist"));
		ClsLogSource source = new ClsLogSource(spec(true), client(null), client(null));

		source.probe(TOPIC, window());

		assertThat(this.requests.get(0).headers()).containsEntry("x-tc-action", "SearchLog");
		assertThat(this.requests.get(0).json().get("Limit").asInt()).isEqualTo(1);
		assertThat(this.requests.get(1).json().get("QueryString").asString()).contains("| select count(*) as c");
		assertThatThrownBy(() -> source.probe(TOPIC, window())).isInstanceOfSatisfying(SourceException.class,
				(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
			.hasMessageContaining("topic " + TOPIC.topic())
			.hasMessageContaining("check the target's topic and the source's region");
	}

	@Test
	void theProbeOfATopicThatRunsNoSqlNamesTheOptionAndWithItOffAsksNoSql() {
		this.answers.add("{\"Response\":{\"ListOver\":true,\"RequestId\":\"r\"}}");
		this.answers.add(error("FailedOperation.QueryError", "query failed"));
		this.answers.add("{\"Response\":{\"ListOver\":true,\"RequestId\":\"r\"}}");

		assertThatThrownBy(() -> new ClsLogSource(spec(true), client(null), client(null)).probe(TOPIC, window()))
			.isInstanceOf(SourceException.class)
			.hasMessageContaining("sqlCount: false");
		new ClsLogSource(spec(false), client(null), client(null)).probe(TOPIC, window());

		assertThat(this.requests).hasSize(3);
	}

	private static Window window() {
		return new Window(Instant.ofEpochMilli(HOUR.start()), Instant.ofEpochMilli(HOUR.end()));
	}

	private static String sqlAnswer(long count) {
		return "{\"Response\":{\"ListOver\":true,\"Analysis\":true,\"AnalysisRecords\":[\"{\\\"c\\\":" + count
				+ "}\"],\"Columns\":[{\"Name\":\"c\",\"Type\":\"long\"}],\"RequestId\":\"r\"}}";
	}

	private static String histogramAnswer(long total) {
		return "{\"Response\":{\"Interval\":18000,\"TotalCount\":" + total + ",\"HistogramInfos\":[],"
				+ "\"RequestId\":\"r\"}}";
	}

	private static String error(String code, String message) {
		return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message
				+ "\"},\"RequestId\":\"r\"}}";
	}

	private ClsApiClient client(Secret token) {
		SourceSpec source = spec(true);
		SourceConnection connection = new SourceConnection(HttpClient.newHttpClient(), RateBudget.UNLIMITED,
				new RetryPolicy("test", source.retry(), Duration.ZERO), Clock.fixed(NOW, ZoneId.of("UTC")));
		return new ClsApiClient(source, new ClsCredentials(SECRET_ID, Secret.of(SECRET_KEY), token), connection);
	}

	private SourceSpec spec(boolean sqlCount) {
		URI endpoint = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		return new SourceSpec("cls-gz", new ClsKind(), endpoint, ZoneId.of("UTC"), Map.of(),
				Duration.ofHours(1), 10, 1000, Duration.ofSeconds(5),
				new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(2)), RereadSpec.DEFAULT,
				new ClsOptions("ap-guangzhou", Duration.ofMinutes(5), ClsOptions.DEFAULT_SCF_ENDPOINT, sqlCount),
				List.of(TOPIC));
	}

}
