package dev.logtally.sandbox.rds;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.rds.v3.RdsClient;
import com.huaweicloud.sdk.rds.v3.model.Auditlog;
import com.huaweicloud.sdk.rds.v3.model.GenerateAuditlogDownloadLinkRequest;
import com.huaweicloud.sdk.rds.v3.model.ListAuditlogsRequest;
import com.huaweicloud.sdk.rds.v3.model.ListAuditlogsResponse;
import com.huaweicloud.sdk.rds.v3.model.ShowAuditlogDownloadLinkRequest;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.logtally.sandbox.LoopbackServer;
import dev.logtally.source.rds.HuaweiSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Huawei Cloud RDS Java SDK (3.1.143) against the emulator, on the system clock: proves the emulator
 * speaks the wire format the SDK speaks, and, through a recording server, pins down what the SDK sends and signs and
 * that {@link HuaweiSigner} computes the SDK's signature from it bit for bit.
 */
class HuaweiSdkInteropTest {

	private static final String PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final String AK = "SDKINTEROPAK0000";

	private static final String SK = "sdk-interop-secret-key";

	private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

	private final Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12));

	private final RdsDataset dataset = RdsDataset.builder(3_1_143)
		.instance(PROJECT, INSTANCE, this.from, this.from.plus(Duration.ofDays(10)), 90)
		.sizeMismatch(PROJECT, INSTANCE, 2)
		.build();

	private final List<AuditFile> files = this.dataset.files(PROJECT, INSTANCE);

	private RdsEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = RdsEmulator.builder()
			.credential(AK, SK)
			.credential("STSAK", "sts-sk", "sts-token")
			.dataset(this.dataset)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void sdkPagesThroughAWindowAndGetsExactlyTheDatasetsFiles() {
		RdsClient client = client(AK, SK, this.emulator.endpoint());
		Instant windowStart = this.from.plus(Duration.ofDays(2));
		Instant windowEnd = this.from.plus(Duration.ofDays(5));
		List<AuditFile> expected = this.files.stream().filter((file) -> file.overlaps(windowStart, windowEnd)).toList();
		List<Auditlog> received = new ArrayList<>();
		for (int offset = 0;; offset += 7) {
			ListAuditlogsResponse page = client.listAuditlogs(new ListAuditlogsRequest().withInstanceId(INSTANCE)
				.withStartTime(beijing(windowStart))
				.withEndTime(beijing(windowEnd))
				.withOffset(offset)
				.withLimit(7));
			assertThat(page.getHttpStatusCode()).isEqualTo(200);
			assertThat(page.getTotalRecord()).isEqualTo(expected.size());
			if (page.getAuditlogs().isEmpty()) {
				break;
			}
			received.addAll(page.getAuditlogs());
		}
		assertThat(received).hasSize(expected.size()).hasSizeGreaterThan(20);
		for (int i = 0; i < expected.size(); i++) {
			Auditlog got = received.get(i);
			AuditFile file = expected.get(i);
			assertThat(got.getId()).isEqualTo(file.id());
			assertThat(got.getName()).isEqualTo(file.name());
			assertThat(got.getSize()).isEqualTo(file.sizeKb());
			assertThat(OffsetDateTime.parse(got.getBeginTime(), AuditlogQuery.TIME).toInstant()).isEqualTo(file.begin());
			assertThat(OffsetDateTime.parse(got.getEndTime(), AuditlogQuery.TIME).toInstant()).isEqualTo(file.end());
			assertThat(got.getBeginTime()).endsWith("+0800");
		}
	}

	@Test
	void sdkLinksDownloadTheFilesBytes() throws Exception {
		RdsClient client = client(AK, SK, this.emulator.endpoint());
		List<AuditFile> asked = new ArrayList<>(this.files.stream().filter(AuditFile::sizeMismatched).toList());
		asked.addAll(this.files.subList(10, 13));
		List<String> links = client
			.showAuditlogDownloadLink(new ShowAuditlogDownloadLinkRequest().withInstanceId(INSTANCE)
				.withBody(new GenerateAuditlogDownloadLinkRequest().withIds(asked.stream().map(AuditFile::id).toList())))
			.getLinks();
		assertThat(links).hasSize(5);
		for (int i = 0; i < asked.size(); i++) {
			HttpResponse<byte[]> download = RdsCall.HTTP.send(HttpRequest.newBuilder(URI.create(links.get(i))).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
				.isEqualTo(this.dataset.sha256(asked.get(i).id()));
		}
		assertThat(this.emulator.downloadCount()).isEqualTo(5);
	}

	@Test
	void aWrongSecretKeyIsA401ClientRequestExceptionWithApigw0301() {
		RdsClient client = client(AK, "not-the-sk", this.emulator.endpoint());
		assertThatExceptionOfType(ClientRequestException.class).isThrownBy(() -> client.listAuditlogs(aDay()))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatusCode()).isEqualTo(401);
				assertThat(ex.getErrorCode()).isEqualTo("APIGW.0301");
				assertThat(ex.getErrorMsg())
					.isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
				assertThat(ex.getRequestId()).matches("[0-9a-f]{32}");
			});
	}

	@Test
	void anUnknownInstanceIsA404ClientRequestException() {
		RdsClient client = client(AK, SK, this.emulator.endpoint());
		assertThatExceptionOfType(ClientRequestException.class)
			.isThrownBy(() -> client.listAuditlogs(aDay().withInstanceId("no-such-instance")))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatusCode()).isEqualTo(404);
				assertThat(ex.getErrorCode()).isEqualTo("DBS.200045");
			});
	}

	@Test
	void aTemporaryCredentialWorksThroughTheSdksSignedSecurityToken() {
		RdsClient client = RdsClient.newBuilder()
			.withCredential(new BasicCredentials().withAk("STSAK")
				.withSk("sts-sk")
				.withSecurityToken("sts-token")
				.withProjectId(PROJECT))
			.withEndpoints(List.of(this.emulator.endpoint().toString()))
			.build();
		assertThat(client.listAuditlogs(aDay()).getHttpStatusCode()).isEqualTo(200);
	}

	/** How the SDK surfaces each fault, for client authors who wrap it. */
	@Test
	void sdkSurfacesInjectedFaultsAsTheseExceptions() {
		RdsClient client = client(AK, SK, this.emulator.endpoint());
		this.emulator.faults().throttle(1).serverError(1).truncateJson(1);
		assertThatExceptionOfType(ClientRequestException.class).isThrownBy(() -> client.listAuditlogs(aDay()))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatusCode()).isEqualTo(429);
				assertThat(ex.getErrorCode()).isEqualTo("APIGW.0308");
			});
		assertThatExceptionOfType(ServerResponseException.class).isThrownBy(() -> client.listAuditlogs(aDay()))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatusCode()).isEqualTo(500);
				assertThat(ex.getErrorCode()).isEqualTo("DBS.108000");
			});
		// a 200 whose JSON ends early: reported as a server error, with the 200 it came with
		assertThatExceptionOfType(ServerResponseException.class).isThrownBy(() -> client.listAuditlogs(aDay()))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatusCode()).isEqualTo(200);
				assertThat(ex.getErrorMsg()).startsWith("json parse error");
			});
		// OkHttp under the SDK resends a request whose connection closed without an answer once, even a POST
		this.emulator.faults().dropConnections(1);
		assertThat(client.listAuditlogs(aDay()).getHttpStatusCode()).isEqualTo(200);
		this.emulator.faults().dropConnections(1);
		assertThat(client.showAuditlogDownloadLink(new ShowAuditlogDownloadLinkRequest().withInstanceId(INSTANCE)
			.withBody(new GenerateAuditlogDownloadLinkRequest().withIds(List.of(this.files.get(0).id()))))
			.getLinks()).hasSize(1);
		this.emulator.faults().dropConnections(2);
		assertThatExceptionOfType(ConnectionException.class).isThrownBy(() -> client.listAuditlogs(aDay()));
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(client.listAuditlogs(aDay()).getHttpStatusCode()).isEqualTo(200);
	}

	@Test
	void sdkSignsHostDateAndProjectIdEncodesThePlusAndHuaweiSignerReproducesItsSignature() throws Exception {
		BlockingQueue<Recorded> recorded = new LinkedBlockingQueue<>();
		try (LoopbackServer recorder = new LoopbackServer(0, "rds-recorder")) {
			recorder.start((exchange) -> record(exchange, recorded));
			RdsClient client = client(AK, SK, recorder.endpoint());
			client.listAuditlogs(new ListAuditlogsRequest().withInstanceId(INSTANCE)
				.withStartTime("2019-11-06T09:00:00+0800")
				.withEndTime("2019-11-07T10:40:15+0800")
				.withOffset(0)
				.withLimit(10));
			Recorded list = recorded.poll(5, TimeUnit.SECONDS);
			assertThat(list.method()).isEqualTo("GET");
			assertThat(list.rawPath()).isEqualTo("/v3/" + PROJECT + "/instances/" + INSTANCE + "/auditlog");
			// RFC 3986 on the wire too (':' as %3A, '+' as %2B), in no particular order (a hash map's)
			assertThat(list.rawQuery().split("&")).containsExactlyInAnyOrder("start_time=2019-11-06T09%3A00%3A00%2B0800",
					"end_time=2019-11-07T10%3A40%3A15%2B0800", "offset=0", "limit=10");
			assertThat(list.signedHeaders()).isEqualTo("host;user-agent;x-project-id;x-sdk-date");
			assertThat(list.headers()).containsEntry("content-type", "application/json")
				.containsEntry("x-project-id", PROJECT)
				.containsEntry("host", "127.0.0.1:" + recorder.port())
				.doesNotContainKey("x-sdk-content-sha256");
			assertThat(list.authorization()).isEqualTo(reproduced(list));

			client.showAuditlogDownloadLink(new ShowAuditlogDownloadLinkRequest().withInstanceId(INSTANCE)
				.withBody(new GenerateAuditlogDownloadLinkRequest().withIds(List.of("a1", "b2"))));
			Recorded links = recorded.poll(5, TimeUnit.SECONDS);
			assertThat(links.method()).isEqualTo("POST");
			assertThat(links.rawPath()).isEqualTo("/v3/" + PROJECT + "/instances/" + INSTANCE + "/auditlog-links");
			assertThat(new String(links.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ids\":[\"a1\",\"b2\"]}");
			assertThat(links.headers()).containsEntry("content-type", "application/json");
			assertThat(links.signedHeaders()).isEqualTo("host;user-agent;x-project-id;x-sdk-date");
			assertThat(links.authorization()).isEqualTo(reproduced(links));

			RdsClient temporary = RdsClient.newBuilder()
				.withCredential(new BasicCredentials().withAk("STSAK")
					.withSk("sts-sk")
					.withSecurityToken("sts-token")
					.withProjectId(PROJECT))
				.withEndpoints(List.of(recorder.endpoint().toString()))
				.build();
			temporary.listAuditlogs(aDay());
			Recorded sts = recorded.poll(5, TimeUnit.SECONDS);
			assertThat(sts.signedHeaders()).isEqualTo("host;user-agent;x-project-id;x-sdk-date;x-security-token");
			assertThat(sts.headers()).containsEntry("x-security-token", "sts-token");
		}
	}

	private String reproduced(Recorded request) {
		Map<String, String> signed = new LinkedHashMap<>();
		for (String name : request.signedHeaders().split(";")) {
			signed.put(name, request.headers().get(name));
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (request.rawQuery() != null) {
			for (String pair : request.rawQuery().split("&")) {
				int equals = pair.indexOf('=');
				query.computeIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						(name) -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return HuaweiSigner.sign(SK, request.headers().get("x-sdk-date"),
				new HuaweiSigner.Input(request.method(), request.rawPath(), query, signed, request.body()))
			.authorization(AK);
	}

	private static void record(HttpExchange exchange, BlockingQueue<Recorded> recorded) throws IOException {
		Map<String, String> headers = new TreeMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
		String authorization = headers.get("authorization");
		String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]*),.*", "$1");
		recorded.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
				exchange.getRequestURI().getRawQuery(), headers, signedHeaders, authorization,
				exchange.getRequestBody().readAllBytes()));
		byte[] body = (exchange.getRequestURI().getPath().endsWith("-links") ? "{\"links\":[]}"
				: "{\"auditlogs\":[],\"total_record\":0}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** One request as the SDK sent it; header names lower-cased, first values only. */
	private record Recorded(String method, String rawPath, String rawQuery, Map<String, String> headers,
			String signedHeaders, String authorization, byte[] body) {
	}

	private static RdsClient client(String ak, String sk, URI endpoint) {
		return RdsClient.newBuilder()
			.withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT))
			.withEndpoints(List.of(endpoint.toString()))
			.build();
	}

	private ListAuditlogsRequest aDay() {
		return new ListAuditlogsRequest().withInstanceId(INSTANCE)
			.withStartTime(beijing(this.from))
			.withEndTime(beijing(this.from.plus(Duration.ofDays(1))))
			.withOffset(0)
			.withLimit(50);
	}

	private static String beijing(Instant instant) {
		return AuditlogQuery.TIME.withZone(BEIJING).format(instant);
	}

}
