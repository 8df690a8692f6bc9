package dev.logtally.sandbox.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.core.JacksonException;

import dev.logtally.sandbox.legacy.LegacyCall.Transport;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfLogEntry;
import dev.logtally.source.scf.LegacySigner;
import dev.logtally.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScfLegacyEmulatorTest {

	private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

	private static final Instant NOW = DAY.plus(Duration.ofHours(30));

	private static final String ID = "AKIDlegacyTEST";

	private static final String KEY = "legacy-secret-key";

	private static final DateTimeFormatter BEIJING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.ofHours(8));

	private static final ScfDataset DATASET = ScfDataset.builder(2026)
		.function("default", "orders", DAY, DAY.plusSeconds(7200), 250)
		.burst("default", "orders", DAY.plusSeconds(60), 20)
		.function("default", "flaky", DAY, DAY.plusSeconds(600), 50)
		.duplicate("default", "flaky", 5)
		.function("default", "slowpoke", DAY, DAY.plusSeconds(600), 40)
		// invocations that happen while an export runs: newer than anything it reads, visible after 3 answers
		.late("default", "slowpoke", NOW, 4, 3)
		.function("prod", "elsewhere", DAY, DAY.plusSeconds(600), 5)
		.build();

	private static final List<ScfLogEntry> ORDERS = DATASET.logs("default", "orders");

	private final MutableClock clock = new MutableClock(NOW);

	private ScfLegacyEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.credential("AKIDtemporary", "temporary-key", "session-token")
			.dataset(DATASET)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void pagesNewestFirstByDefaultWithOffsetLimitAndTotal() throws Exception {
		List<ScfLogEntry> exported = new ArrayList<>();
		for (int offset = 0;; offset += 50) {
			LegacyReply page = orders().with("offset", offset).with("limit", 50).reply();
			assertThat(page.ok()).as("%s", page).isTrue();
			assertThat(page.total()).isEqualTo(270);
			exported.addAll(page.logs());
			if (page.logs().size() < 50) {
				break;
			}
		}
		assertThat(exported).isEqualTo(reversed(ORDERS));
		assertThat(this.emulator.servedCount()).isEqualTo(6);
		assertThat(this.emulator.servedRecordCount()).as("the logs of every page served").isEqualTo(270);
	}

	@Test
	void pagesOldestFirstWithOrderAscOverAFormPost() throws Exception {
		List<ScfLogEntry> exported = new ArrayList<>();
		for (int offset = 0; offset < 270; offset += 100) {
			LegacyReply page = orders().form().with("order", "asc").with("offset", offset).with("limit", 100).reply();
			assertThat(page.total()).isEqualTo(270);
			exported.addAll(page.logs());
		}
		assertThat(exported).isEqualTo(ORDERS);
	}

	@Test
	void withoutPagingParametersAnswersTheNewestTwenty() throws Exception {
		LegacyReply reply = orders().reply();
		assertThat(reply.total()).isEqualTo(270);
		assertThat(reply.logs()).isEqualTo(reversed(ORDERS).subList(0, 20));
	}

	@ParameterizedTest
	@ValueSource(strings = { "startTime", "functionName", "requestId", "duration", "memUsage", "start_time",
			"function_name", "request_id", "mem_usage" })
	void descendingIsTheExactReverseOfAscendingForEveryOrderby(String orderby) throws Exception {
		LegacyCall flaky = call().with("functionName", "flaky").with("orderby", orderby).with("limit", 100);
		List<ScfLogEntry> ascending = flaky.with("order", "asc").reply().logs();
		List<ScfLogEntry> descending = flaky.with("order", "desc").reply().logs();
		assertThat(ascending).hasSize(55);
		assertThat(reversed(descending)).isEqualTo(ascending);
	}

	@Test
	void ordersByDurationMemUsageAndRequestIdAsValuesNotText() throws Exception {
		LegacyCall flaky = call().with("functionName", "flaky").with("order", "asc").with("limit", 100);
		assertThat(flaky.with("orderby", "duration").reply().logs()).hasSize(55)
			.extracting((log) -> new BigDecimal(log.duration()))
			.isSorted();
		assertThat(flaky.with("orderby", "memUsage").reply().logs()).extracting(ScfLogEntry::memUsage).isSorted();
		assertThat(flaky.with("orderby", "requestId").reply().logs()).extracting(ScfLogEntry::requestId).isSorted();
	}

	@Test
	void theDocumentedTypoAcsMeansAscending() throws Exception {
		assertThat(orders().with("order", "acs").with("limit", 100).reply().logs())
			.isEqualTo(ORDERS.subList(0, 100));
	}

	@ParameterizedTest
	@CsvSource({ "filter.retCode, not0", "filter.retCode, is0", "filter_retCode, not0", "filter_retCode, is0" })
	void filtersByRetCodeUnderEitherSpellingOfTheName(String name, String value) throws Exception {
		LongPredicate matches = "is0".equals(value) ? (code) -> code == 0 : (code) -> code != 0;
		List<ScfLogEntry> expected = ORDERS.stream().filter((log) -> matches.test(log.retCode())).toList();
		LegacyReply reply = orders().with("order", "asc").with("limit", 100).with(name, value).reply();
		assertThat(expected).isNotEmpty();
		assertThat(reply.total()).isEqualTo(expected.size());
		assertThat(reply.logs()).isEqualTo(expected.subList(0, Math.min(100, expected.size())));
	}

	@Test
	void filtersByInvocationRequestId() throws Exception {
		ScfLogEntry wanted = ORDERS.get(17);
		LegacyReply reply = orders().with("requestId", wanted.requestId()).reply();
		assertThat(reply.total()).isEqualTo(1);
		assertThat(reply.logs()).containsExactly(wanted);
	}

	@Test
	void acceptsAMultipartPostAsTheLegacyJavaSdkSendsIt() throws Exception {
		LegacyReply reply = orders().multipart()
			.with("order", "asc")
			.with("limit", 100)
			.with("filter.retCode", "not0")
			.with("RequestClient", "SDK_JAVA_2.0.5")
			.with("Language", "zh-CN")
			.reply();
		assertThat(reply.ok()).as("%s", reply).isTrue();
		assertThat(reply.logs()).isEqualTo(ORDERS.stream().filter((log) -> log.retCode() != 0).toList());
	}

	@Test
	void readsThePostBodyOnlyNeverItsQueryString() throws Exception {
		LegacyReply reply = call().form().queryOfPost("functionName=orders").reply();
		assertThat(reply.code()).isEqualTo("4000");
		assertThat(reply.message()).isEqualTo("(100001)the parameter `functionName` is missing");
		HttpRequest json = HttpRequest.newBuilder(this.emulator.apiUri())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"Action\":\"GetFunctionLogs\"}"))
			.build();
		assertThat(LegacyReply.parse(LegacyCall.HTTP.send(json, HttpResponse.BodyHandlers.ofString()).body()).code())
			.isEqualTo("4000");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void verifiesTheSignatureOverRawDecodedValuesWhateverTheTransport(Transport transport) throws Exception {
		LegacyReply reply = orders().transport(transport).with("requestId", "a b+c&d=e/f%20中").reply();
		assertThat(reply.ok()).as("%s", reply).isTrue();
		assertThat(reply.total()).isZero();
	}

	@Test
	void writesTheDocumentedEnvelopeAndFieldsInOrderWithBeijingTimeAndRawDuration() throws Exception {
		HttpResponse<String> response = orders().with("order", "asc").with("limit", 1).send();
		ScfLogEntry first = ORDERS.get(0);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
		assertThat(response.body()).startsWith("{\"code\":0,\"message\":\"\",\"codeDesc\":\"Success\",\"total\":270,"
				+ "\"data\":[{\"functionName\":\"orders\",")
			.contains("\"startTime\":\"" + BEIJING.format(first.startTime()) + "\"")
			.contains("\"duration\":" + first.duration() + ",");
		LegacyReply reply = LegacyReply.parse(response.body());
		assertThat(reply.names()).containsExactly("code", "message", "codeDesc", "total", "data");
		assertThat(reply.codeIsString()).isFalse();
		assertThat(reply.fieldOrder()).containsExactly("functionName", "retMsg", "requestId", "startTime", "retCode",
				"invokeFinished", "duration", "billDuration", "memUsage", "log", "level", "source", "retryNum");
		assertThat(reply.logs()).containsExactly(first);
	}

	@Test
	void printsStartTimeInTheConfiguredZone() throws Exception {
		try (ScfLegacyEmulator utc = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(DATASET)
			.responseTimeZone(ZoneOffset.UTC)
			.build()
			.start()) {
			String body = LegacyCall.to(utc, ID, KEY, this.clock)
				.with("functionName", "orders")
				.with("order", "asc")
				.with("limit", 1)
				.send()
				.body();
			String utcTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
				.withZone(ZoneOffset.UTC)
				.format(ORDERS.get(0).startTime());
			assertThat(body).contains("\"startTime\":\"" + utcTime + "\"");
		}
	}

	@Test
	void stringCodesWriteCodeAsAJsonStringOnSuccessAndError() throws Exception {
		try (ScfLegacyEmulator strings = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(DATASET)
			.stringCodes(true)
			.build()
			.start()) {
			LegacyCall call = LegacyCall.to(strings, ID, KEY, this.clock).with("functionName", "orders");
			assertThat(call.send().body()).startsWith("{\"code\":\"0\",\"message\":\"\",\"codeDesc\":\"Success\",");
			assertThat(call.key(ID, "wrong").send().body()).startsWith("{\"code\":\"4100\",");
			assertThat(call.key(ID, "wrong").reply().codeIsString()).isTrue();
		}
	}

	@Test
	void anErrorIsHttp200WithCodeModuleMessageAndCodeDesc() throws Exception {
		HttpResponse<String> response = orders().key("AKIDnobody", KEY).send();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"code\":4104,\"message\":\"(100006)the SecretId `AKIDnobody` does "
				+ "not exist\",\"codeDesc\":\"SecretIdNotFound\"}");
	}

	@ParameterizedTest
	@CsvSource(value = { "NULL, GET", "HmacSHA1, GET", "HmacSHA256, GET", "NULL, FORM", "HmacSHA256, MULTIPART" },
			nullValues = "NULL")
	void aWrongSignatureIs4100WhicheverTheMethod(String signatureMethod, Transport transport) throws Exception {
		LegacyCall call = orders().transport(transport).with("SignatureMethod", signatureMethod);
		assertThat(call.reply().ok()).isTrue();
		LegacyReply wrongKey = call.key(ID, "not-the-key").reply();
		assertThat(wrongKey.code()).isEqualTo("4100");
		assertThat(wrongKey.codeDesc()).isEqualTo("AuthFailure");
		assertThat(wrongKey.message()).startsWith("(100003)authentication failed: the Signature does not match");
	}

	@Test
	void theSignatureMethodParameterDecidesTheHmac() throws Exception {
		assertThat(orders().with("SignatureMethod", "HmacSHA256").signWith(LegacySigner.Method.HMAC_SHA1).reply()
			.code()).isEqualTo("4100");
		assertThat(orders().signWith(LegacySigner.Method.HMAC_SHA256).reply().code()).isEqualTo("4100");
		// anything but the exact value HmacSHA256 means HmacSHA1
		assertThat(orders().with("SignatureMethod", "hmacsha256").signWith(LegacySigner.Method.HMAC_SHA1).reply().ok())
			.isTrue();
	}

	@Test
	void theSignatureCoversEveryParameterAndTheMethod() throws Exception {
		// signed as a POST, sent as a GET
		LegacyCall call = orders().form();
		Map<String, String> signedForPost = call.signedParameters();
		String query = signedForPost.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + java.net.URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest get = HttpRequest.newBuilder(URI.create(this.emulator.apiUri() + "?" + query)).GET().build();
		assertThat(LegacyReply.parse(LegacyCall.HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body()).code())
			.isEqualTo("4100");
		// a value changed after signing
		HttpRequest changed = HttpRequest.newBuilder(URI.create(this.emulator.apiUri() + "?"
				+ query.replace("functionName=orders", "functionName=flaky"))).GET().build();
		assertThat(LegacyReply.parse(LegacyCall.HTTP.send(changed, HttpResponse.BodyHandlers.ofString()).body()).code())
			.isEqualTo("4100");
	}

	@Test
	void anUnknownSecretIdIs4104() throws Exception {
		LegacyReply reply = orders().key("AKIDnobody", KEY).reply();
		assertThat(reply.code()).isEqualTo("4104");
		assertThat(reply.codeDesc()).isEqualTo("SecretIdNotFound");
	}

	@Test
	void aTimestampMoreThanFiveMinutesOffTheClockIs4500() throws Exception {
		long now = this.clock.instant().getEpochSecond();
		LegacyReply stale = orders().timestamp(now - 301).reply();
		assertThat(stale.code()).isEqualTo("4500");
		assertThat(stale.message()).isEqualTo("(100008)the Timestamp `" + (now - 301)
				+ "` is more than 5 minutes from the server time `" + now + "`");
		assertThat(orders().timestamp(now + 301).reply().code()).isEqualTo("4500");
		assertThat(orders().timestamp(now - 300).reply().ok()).isTrue();
		assertThat(orders().timestamp(now + 300).reply().ok()).isTrue();
	}

	@Test
	void aNonceReusedBySameSecretIdWithinTheReplayWindowIs4500() throws Exception {
		assertThat(orders().nonce(777).reply().ok()).isTrue();
		LegacyReply replayed = orders().nonce(777).reply();
		assertThat(replayed.code()).isEqualTo("4500");
		assertThat(replayed.codeDesc()).isEqualTo("ReplayAttack");
		assertThat(replayed.message())
			.isEqualTo("(100008)the Nonce `777` was already used by this SecretId within the replay window");
		// another SecretId has nonces of its own
		assertThat(orders().key("AKIDtemporary", "temporary-key").with("Token", "session-token").nonce(777).reply().ok())
			.isTrue();
		// a forged request does not spend the nonce it carries
		assertThat(orders().key(ID, "forged").nonce(778).reply().code()).isEqualTo("4100");
		assertThat(orders().nonce(778).reply().ok()).isTrue();
		// once a request with that Timestamp would be stale anyway, the nonce may be used again
		this.clock.advance(Duration.ofSeconds(300));
		assertThat(orders().nonce(777).reply().code()).isEqualTo("4500");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(orders().nonce(777).reply().ok()).isTrue();
	}

	@Test
	void aTemporaryCredentialRequiresItsTokenAndAPermanentOneNone() throws Exception {
		LegacyCall temporary = orders().key("AKIDtemporary", "temporary-key");
		LegacyReply missing = temporary.reply();
		assertThat(missing.code()).isEqualTo("4105");
		assertThat(missing.codeDesc()).isEqualTo("TokenFailure");
		assertThat(temporary.with("Token", "wrong").reply().code()).isEqualTo("4105");
		assertThat(temporary.with("Token", "session-token").reply().ok()).isTrue();
		assertThat(orders().with("Token", "session-token").reply().code()).isEqualTo("4105");
	}

	@Test
	void acceptsTheSigningHostAndTheHostHeaderWithAndWithoutPort() throws Exception {
		int port = this.emulator.port();
		assertThat(orders().signingHost("scf.api.qcloud.com").reply().ok()).isTrue();
		assertThat(orders().signingHost("127.0.0.1:" + port).reply().ok()).isTrue();
		assertThat(orders().signingHost("127.0.0.1").form().reply().ok()).isTrue();
		LegacyReply elsewhere = orders().signingHost("scf.tencentcloudapi.com").reply();
		assertThat(elsewhere.code()).isEqualTo("4100");
		assertThat(elsewhere.message()).endsWith("for host scf.api.qcloud.com or 127.0.0.1:" + port + " or 127.0.0.1");
		try (ScfLegacyEmulator internal = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(DATASET)
			.signingHost("scf.internal.example")
			.build()
			.start()) {
			LegacyCall call = LegacyCall.to(internal, ID, KEY, this.clock).with("functionName", "orders");
			assertThat(call.signingHost("scf.internal.example").reply().ok()).isTrue();
			assertThat(call.signingHost("scf.api.qcloud.com").reply().code()).isEqualTo("4100");
		}
	}

	@Test
	void offsetPlusLimitAboveTheCapIs4000() throws Exception {
		LegacyReply over = orders().with("offset", 9990).with("limit", 11).reply();
		assertThat(over.code()).isEqualTo("4000");
		assertThat(over.message()).isEqualTo("(100001)offset+limit must not exceed 10000, got offset 9990 and limit 11");
		LegacyReply atTheCap = orders().with("offset", 9980).with("limit", 20).reply();
		assertThat(atTheCap.total()).isEqualTo(270);
		assertThat(atTheCap.logs()).isEmpty();
		try (ScfLegacyEmulator uncapped = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(DATASET)
			.rateLimitPerSecond(0)
			.offsetCap(0)
			.build()
			.start();
				ScfLegacyEmulator small = ScfLegacyEmulator.builder()
					.clock(this.clock)
					.credential(ID, KEY)
					.dataset(DATASET)
					.offsetCap(300)
					.build()
					.start()) {
			assertThat(LegacyCall.to(uncapped, ID, KEY, this.clock).with("functionName", "orders")
				.with("offset", 1_000_000).reply().ok()).isTrue();
			LegacyCall smallCall = LegacyCall.to(small, ID, KEY, this.clock).with("functionName", "orders");
			assertThat(smallCall.with("offset", 250).with("limit", 50).reply().logs()).hasSize(20);
			assertThat(smallCall.with("offset", 251).with("limit", 50).reply().message())
				.isEqualTo("(100001)offset+limit must not exceed 300, got offset 251 and limit 50");
		}
	}

	@Test
	void limitMustBeBetweenOneAndTheMaximum() throws Exception {
		assertThat(orders().with("limit", 0).reply().message())
			.isEqualTo("(100001)limit must be between 1 and 100, got 0");
		assertThat(orders().with("limit", 101).reply().code()).isEqualTo("4000");
		assertThat(orders().with("limit", 100).reply().logs()).hasSize(100);
		try (ScfLegacyEmulator generous = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(DATASET)
			.maxLimit(500)
			.build()
			.start()) {
			assertThat(LegacyCall.to(generous, ID, KEY, this.clock).with("functionName", "orders").with("limit", 500)
				.reply().logs()).isEqualTo(reversed(ORDERS));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "startTime", "endTime", "StartTime", "namespace", "Namespace", "FunctionName", "Offset",
			"qualifier", "filter.keyword" })
	void anUnknownParameterIs4000(String name) throws Exception {
		LegacyReply reply = orders().with(name, "1").reply();
		assertThat(reply.code()).isEqualTo("4000");
		assertThat(reply.codeDesc()).isEqualTo("InvalidParameter");
		assertThat(reply.message()).isEqualTo("(100001)unknown parameter `" + name + "`");
	}

	@ParameterizedTest
	@CsvSource(value = { "offset, -1", "offset, 1.5", "offset, ''", "limit, ten", "order, ASC", "order, ''",
			"orderby, start", "orderby, StartTime", "filter.retCode, 433", "filter.retCode, TimeLimitExceeded" })
	void refusesBadValuesWith4000(String name, String value) throws Exception {
		assertThat(orders().with(name, value).reply().code()).as("%s=%s", name, value).isEqualTo("4000");
	}

	@Test
	void refusesAMissingFunctionNameAndAParameterGivenTwice() throws Exception {
		assertThat(call().reply().message()).isEqualTo("(100001)the parameter `functionName` is missing");
		assertThat(orders().with("functionName", "").reply().code()).isEqualTo("4000");
		// both spellings sign as filter.retCode, so the server could not tell which value was signed
		LegacyReply both = orders().with("filter.retCode", "is0").with("filter_retCode", "not0").reply();
		assertThat(both.message()).isEqualTo("(100001)the parameter `filter_retCode` is given more than once");
		HttpRequest twice = HttpRequest.newBuilder(URI.create(this.emulator.apiUri() + "?limit=1&limit=2")).GET().build();
		assertThat(LegacyReply.parse(LegacyCall.HTTP.send(twice, HttpResponse.BodyHandlers.ofString()).body())
			.message()).isEqualTo("(100001)the parameter `limit` is given more than once");
	}

	@Test
	void anUnknownFunctionIs5000AndOnlyTheDefaultNamespaceIsServed() throws Exception {
		LegacyReply unknown = call().with("functionName", "nope").reply();
		assertThat(unknown.code()).isEqualTo("5000");
		assertThat(unknown.codeDesc()).isEqualTo("ResourceNotFound");
		assertThat(unknown.message()).isEqualTo("(100009)the function `nope` does not exist");
		assertThat(call().with("functionName", "elsewhere").reply().code()).isEqualTo("5000");
	}

	@Test
	void checksTheCommonParametersBeforeTheSignature() throws Exception {
		assertThat(orders().with("Action", "ListFunctions").reply().message())
			.isEqualTo("(100001)unknown action `ListFunctions`");
		assertThat(orders().with("Action", null).reply().message())
			.isEqualTo("(100001)the parameter `Action` is missing");
		assertThat(orders().with("Region", null).reply().message())
			.isEqualTo("(100001)the parameter `Region` is missing");
		assertThat(orders().nonce(0).reply().message())
			.isEqualTo("(100001)the parameter `Nonce` must be a positive integer, got `0`");
		assertThat(orders().with("Nonce", "abc").reply().code()).isEqualTo("4000");
		assertThat(orders().with("Nonce", "4294967296").reply().code()).isEqualTo("4000");
		assertThat(orders().nonce(4_294_967_295L).reply().ok()).isTrue();
		assertThat(orders().with("Timestamp", "-5").reply().code()).isEqualTo("4000");
		assertThat(orders().tamperSignature((signature) -> "").reply().message())
			.isEqualTo("(100001)the parameter `Signature` is missing");
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void anotherPathIs404AndAnotherMethodIs405() throws Exception {
		HttpResponse<String> root = LegacyCall.HTTP.send(
				HttpRequest.newBuilder(URI.create(this.emulator.endpoint() + "/")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(root.statusCode()).isEqualTo(404);
		assertThat(root.body()).contains("404 Not Found");
		HttpResponse<String> put = LegacyCall.HTTP.send(HttpRequest.newBuilder(this.emulator.apiUri())
			.method("PUT", HttpRequest.BodyPublishers.ofString("Action=GetFunctionLogs"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(405);
		assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
	}

	@Test
	void failWithHttpStatusAnswersExactlyTimesWithAnHtmlPage() throws Exception {
		this.emulator.faults().failWithHttpStatus(502, 2);
		// a request that fails authentication does not take a fault
		assertThat(orders().key(ID, "wrong").reply().code()).isEqualTo("4100");
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = orders().send();
			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
			assertThat(response.body()).contains("502 Bad Gateway");
		}
		assertThat(orders().reply().ok()).isTrue();
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void throttleAndInternalErrorHitExactlyTheNextRequestsInQueueOrder() throws Exception {
		this.emulator.faults().throttle(2).internalError(1);
		for (int i = 0; i < 2; i++) {
			LegacyReply throttled = orders().reply();
			assertThat(throttled.code()).isEqualTo("4400");
			assertThat(throttled.codeDesc()).isEqualTo("RequestLimitExceeded");
			assertThat(throttled.message())
				.isEqualTo("(100004)The request quota was exceeded: 6 requests in one second, the limit is 5");
		}
		LegacyReply internal = orders().reply();
		assertThat(internal.code()).isEqualTo("6000");
		assertThat(internal.message()).isEqualTo("(100005)server internal error");
		assertThat(orders().reply().ok()).isTrue();
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void dropConnectionsClosesExactlyTimesConnectionsWithoutAnswering() throws Exception {
		this.emulator.faults().dropConnections(2);
		LegacyCall post = orders().form();
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(post::send).isInstanceOf(IOException.class);
		}
		assertThat(post.reply().ok()).isTrue();
		assertThat(this.emulator.requestCount()).isEqualTo(3);
	}

	@Test
	void theJdkClientsSilentRetryOfADroppedGetReusesItsNonceAndIsRefusedAsAReplay() throws Exception {
		this.emulator.faults().dropConnections(1);
		LegacyReply retried = orders().get().reply();
		assertThat(retried.code()).isEqualTo("4500");
		assertThat(retried.message()).contains("was already used");
		assertThat(this.emulator.requestCount()).isEqualTo(2);
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void truncateJsonSendsExactlyTimesACompleteResponseWithHalfTheBody() throws Exception {
		this.emulator.faults().truncateJson(1);
		LegacyCall call = orders().with("order", "asc").with("limit", 100);
		HttpResponse<byte[]> truncated = call.sendForBytes();
		HttpResponse<byte[]> whole = call.sendForBytes();
		assertThat(truncated.statusCode()).isEqualTo(200);
		assertThat(truncated.headers().firstValueAsLong("Content-Length")).hasValue(truncated.body().length);
		assertThat(truncated.body()).hasSize(whole.body().length / 2);
		assertThat(Arrays.copyOf(whole.body(), truncated.body().length)).isEqualTo(truncated.body());
		assertThatThrownBy(() -> LegacyReply.parse(new String(truncated.body(), StandardCharsets.UTF_8)))
			.isInstanceOf(JacksonException.class);
		assertThat(LegacyReply.parse(new String(whole.body(), StandardCharsets.UTF_8)).logs()).hasSize(100);
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void slowResponsesDelayEveryAnswerUntilReset() throws Exception {
		this.emulator.faults().slowResponses(Duration.ofMillis(300));
		for (int i = 0; i < 2; i++) {
			long started = System.nanoTime();
			assertThat(orders().reply().ok()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
		this.emulator.faults().reset();
		long started = System.nanoTime();
		assertThat(orders().reply().ok()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
	}

	@Test
	void theSixthRequestInOneSecondIs4400QuotaExceeded() throws Exception {
		try (ScfLegacyEmulator limited = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.credential("AKIDother", "other-key")
			.dataset(DATASET)
			.build()
			.start()) {
			LegacyCall call = LegacyCall.to(limited, ID, KEY, this.clock).with("functionName", "orders");
			for (int i = 0; i < 3; i++) {
				// requests that fail authentication are not counted
				assertThat(LegacyCall.to(limited, ID, "wrong", this.clock).with("functionName", "orders").reply().code())
					.isEqualTo("4100");
			}
			for (int i = 0; i < 5; i++) {
				assertThat(call.reply().ok()).isTrue();
			}
			LegacyReply sixth = call.reply();
			assertThat(sixth.code()).isEqualTo("4400");
			assertThat(sixth.codeDesc()).isEqualTo("RequestLimitExceeded");
			assertThat(sixth.message())
				.isEqualTo("(100004)The request quota was exceeded: 6 requests in one second, the limit is 5");
			assertThat(limited.throttledCount()).isEqualTo(1);
			// the quota is per SecretId
			assertThat(LegacyCall.to(limited, "AKIDother", "other-key", this.clock).with("functionName", "orders")
				.reply().ok()).isTrue();
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(call.reply().ok()).isTrue();
			assertThat(limited.maxRequestsInAnySecond(ID)).isEqualTo(6);
			assertThat(limited.maxRequestsInAnySecond("AKIDnobody")).isZero();
			assertThat(limited.requestCount()).isEqualTo(11);
			assertThat(limited.servedCount()).isEqualTo(7);
		}
	}

	@Test
	void lateLogsAppearAfterTheGivenNumberOfServedAnswersAtTheHeadOfADescRead() throws Exception {
		LegacyCall newest = call().with("functionName", "slowpoke").with("limit", 10);
		List<ScfLogEntry> before = null;
		for (int served = 0; served < 3; served++) {
			LegacyReply reply = newest.reply();
			assertThat(reply.total()).as("after %d answers", served).isEqualTo(40);
			before = reply.logs();
		}
		LegacyReply after = newest.reply();
		assertThat(after.total()).isEqualTo(44);
		// newer than anything read before: they shift every desc offset by four
		assertThat(after.logs().subList(0, 4)).extracting(ScfLogEntry::startTime).containsOnly(NOW);
		assertThat(after.logs().subList(4, 10)).isEqualTo(before.subList(0, 6));
		assertThat(call().with("functionName", "slowpoke").with("order", "asc").with("limit", 100).reply().logs())
			.isEqualTo(DATASET.logs("default", "slowpoke"));
	}

	@Test
	void duplicatedLogsAppearTwiceInPagesAndInTotal() throws Exception {
		LegacyReply reply = call().with("functionName", "flaky").with("order", "asc").with("limit", 100).reply();
		assertThat(reply.total()).isEqualTo(55);
		Map<String, Long> copies = reply.logs()
			.stream()
			.collect(Collectors.groupingBy(ScfLogEntry::requestId, Collectors.counting()));
		assertThat(copies).hasSize(50);
		assertThat(copies.values().stream().filter((count) -> count == 2)).hasSize(5);
		assertThat(reply.logs().stream().distinct().toList()).isEqualTo(DATASET.logs("default", "flaky"));
	}

	@Test
	void onServedIsCalledWithTheRunningCountAfterEachSuccessfulAnswerOnly() throws Exception {
		BlockingQueue<Integer> seen = new LinkedBlockingQueue<>();
		this.emulator.onServed(seen::add);
		orders().reply();
		call().with("functionName", "nope").reply();
		orders().key(ID, "wrong").reply();
		orders().reply();
		assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(seen).isEmpty();
		assertThat(this.emulator.requestCount()).isEqualTo(4);
	}

	@Test
	void aClientThatAbandonsALargePageIsNotCountedAsServed() throws Exception {
		ScfDataset large = ScfDataset.builder(3)
			.largeFields(1, 1_048_576)
			.function("default", "big", DAY, DAY.plusSeconds(60), 20)
			.build();
		try (ScfLegacyEmulator big = ScfLegacyEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(large)
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			BlockingQueue<Integer> served = new LinkedBlockingQueue<>();
			big.onServed(served::add);
			LegacyCall call = LegacyCall.to(big, ID, KEY, this.clock).with("functionName", "big");
			// 20 MB cannot fit in socket buffers, so the emulator is still writing when the client hangs up
			HttpResponse<InputStream> abandoned = LegacyCall.HTTP.send(call.with("limit", 20).request(),
					HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = abandoned.body()) {
				assertThat(body.readNBytes(9)).asString(StandardCharsets.UTF_8).isEqualTo("{\"code\":0");
			}
			LegacyReply complete = call.with("limit", 2).reply();
			assertThat(complete.logs()).hasSize(2);
			assertThat(complete.logs().get(0).log().getBytes(StandardCharsets.UTF_8)).hasSize(1_048_576);
			assertThat(served.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
			assertThat(big.servedCount()).isEqualTo(1);
			assertThat(big.servedRecordCount()).as("the abandoned page's logs are taken back").isEqualTo(2);
			assertThat(big.requestCount()).isEqualTo(2);
		}
	}

	@Test
	void listensOnLoopbackAtTheLegacyPath() {
		assertThat(this.emulator.apiUri().toString())
			.isEqualTo("http://127.0.0.1:" + this.emulator.port() + "/v2/index.php");
		assertThat(this.emulator.dataset()).isSameAs(DATASET);
	}

	@Test
	void needsADatasetAndACredential() {
		assertThatThrownBy(() -> ScfLegacyEmulator.builder().credential(ID, KEY).build())
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> ScfLegacyEmulator.builder().dataset(DATASET).build())
			.isInstanceOf(IllegalStateException.class);
	}

	private LegacyCall call() {
		return LegacyCall.to(this.emulator, ID, KEY, this.clock);
	}

	private LegacyCall orders() {
		return call().with("functionName", "orders");
	}

	private static List<ScfLogEntry> reversed(List<ScfLogEntry> logs) {
		List<ScfLogEntry> copy = new ArrayList<>(logs);
		Collections.reverse(copy);
		return copy;
	}

}
