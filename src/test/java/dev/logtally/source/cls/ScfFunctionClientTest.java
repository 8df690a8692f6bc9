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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCF {@code GetFunction} as a CLS source asks it, against a loopback server that records requests and returns canned
 * answers: at the source's {@code scfEndpoint}, not its CLS endpoint; signed for the service {@code scf} with SCF's
 * version; the function, namespace and qualifier in the body; SCF's not-found codes as the target's problem.
 */
class ScfFunctionClientTest {

	private static final Instant NOW = Instant.parse("2026-11-01T02:00:00Z");

	private static final String SECRET_ID = "AKIDscfFunctionClient";

	private static final String SECRET_KEY = "scf-function-client-key";

	private static final ClsFunctionTarget FUNCTION = new ClsFunctionTarget("orders", "order-api", "prod", "$LATEST",
			null);

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
	void asksGetFunctionSignedForTheScfServiceWithScfsVersionAndTheFunctionInTheBody() {
		this.answers.add("{\"Response\":{\"FunctionName\":\"order-api\",\"ClsLogsetId\":\"ls\",\"ClsTopicId\":\"t-1\","
				+ "\"RequestId\":\"r\"}}");

		FunctionDelivery delivery = client().delivery(FUNCTION);

		assertThat(delivery).isEqualTo(new FunctionDelivery("t-1", "ls"));
		Request request = this.requests.get(0);
		assertThat(request.headers()).containsEntry("x-tc-action", "GetFunction")
			.containsEntry("x-tc-version", "2018-04-16")
			.containsEntry("x-tc-region", "ap-guangzhou")
			.containsEntry("content-type", "application/json; charset=utf-8");
		Map<String, String> signed = new LinkedHashMap<>();
		signed.put("content-type", request.headers().get("content-type"));
		signed.put("host", request.headers().get("host"));
		Tc3Signer.Signature expected = Tc3Signer.sign(SECRET_KEY, new Tc3Signer.Input("POST", "", signed,
				request.body(), "scf", NOW.getEpochSecond()));
		assertThat(request.headers().get("authorization")).isEqualTo(expected.authorization(SECRET_ID))
			.contains("/2026-11-01/scf/tc3_request");
		JsonNode body = request.json();
		assertThat(body.get("FunctionName").asString()).isEqualTo("order-api");
		assertThat(body.get("Namespace").asString()).isEqualTo("prod");
		assertThat(body.get("Qualifier").asString()).isEqualTo("$LATEST");
		assertThat(body.size()).isEqualTo(3);
	}

	@Test
	void aFunctionScfDoesNotKnowIsNotFoundNamingSourceTargetAndFunction() {
		this.answers.add("{\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound.FunctionName\",\"Message\":\"gone\"},"
				+ "\"RequestId\":\"r\"}}");

		assertThatThrownBy(() -> client().delivery(FUNCTION)).isInstanceOfSatisfying(SourceException.class,
				(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
			.hasMessageStartingWith("source cls-gz, target orders: SCF function prod/order-api (qualifier $LATEST) "
					+ "does not exist: ResourceNotFound.FunctionName: gone");
	}

	@Test
	void retriesAThrottledGetFunctionAndFailsFastOnRefusedCredentials() {
		this.answers.add("{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"slow\"},"
				+ "\"RequestId\":\"r\"}}");
		this.answers.add("{\"Response\":{\"ClsTopicId\":\"t-1\",\"RequestId\":\"r\"}}");
		assertThat(client().delivery(FUNCTION).topicId()).isEqualTo("t-1");

		this.answers.add("{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SecretIdNotFound\",\"Message\":\"no\"},"
				+ "\"RequestId\":\"r\"}}");
		assertThatThrownBy(() -> client().delivery(FUNCTION)).isInstanceOfSatisfying(SourceException.class,
				(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.hasMessageNotContaining(SECRET_KEY);
		assertThat(this.requests).hasSize(3);
	}

	private ScfFunctionClient client() {
		URI scf = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		// the CLS endpoint is unreachable: GetFunction must go to scfEndpoint
		SourceSpec source = new SourceSpec("cls-gz", new ClsKind(), URI.create("http://127.0.0.1:9"),
				ZoneId.of("UTC"), Map.of(), Duration.ofHours(1), 10, 1000, Duration.ofSeconds(5),
				new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(2)), RereadSpec.DEFAULT,
				new ClsOptions("ap-guangzhou", Duration.ofMinutes(5), scf), List.of(FUNCTION));
		SourceConnection connection = new SourceConnection(HttpClient.newHttpClient(), RateBudget.UNLIMITED,
				new RetryPolicy("test", source.retry(), Duration.ZERO), Clock.fixed(NOW, ZoneId.of("UTC")));
		return new ScfFunctionClient(source, new ClsCredentials(SECRET_ID, Secret.of(SECRET_KEY), null), connection);
	}

}
