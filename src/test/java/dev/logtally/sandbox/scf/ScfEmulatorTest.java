package dev.logtally.sandbox.scf;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.logtally.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScfEmulatorTest {

	private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

	private static final Instant BURST = DAY.plusSeconds(60);

	private static final String ID = "AKIDsandboxTEST";

	private static final String KEY = "sandbox-secret-key";

	private static final DateTimeFormatter BEIJING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.ofHours(8));

	private static final ScfDataset DATASET = ScfDataset.builder(2026)
		.function("default", "orders", DAY, DAY.plusSeconds(7200), 600)
		.burst("default", "orders", BURST, 30)
		.function("default", "flaky", DAY, DAY.plusSeconds(600), 50)
		.duplicate("default", "flaky", 5)
		.function("default", "slowpoke", DAY, DAY.plusSeconds(600), 40)
		.late("default", "slowpoke", DAY.plusSeconds(100), 4, 3)
		.build();

	private final MutableClock clock = new MutableClock(DAY.plus(Duration.ofHours(30)));

	private ScfEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = ScfEmulator.builder()
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
	void pagesThroughAFunctionInAscendingStartTimeOrderWithTotalCount() throws Exception {
		List<ScfLogEntry> exported = new ArrayList<>();
		for (int offset = 0;; offset += 50) {
			ApiReply page = call().json(json("FunctionName", "orders", "Order", "asc", "Offset", offset, "Limit", 50,
					"StartTime", beijing(DAY), "EndTime", beijing(DAY.plus(Duration.ofDays(1))))).reply();
			assertThat(page.ok()).as("%s", page).isTrue();
			assertThat(page.totalCount()).isEqualTo(630);
			exported.addAll(page.logs());
			if (page.logs().size() < 50) {
				break;
			}
		}
		assertThat(exported).isEqualTo(DATASET.logs("default", "orders"));
		assertThat(this.emulator.servedCount()).isEqualTo(13);
		assertThat(this.emulator.servedRecordCount()).as("the logs of every page served").isEqualTo(630);
	}

	@Test
	void writesTheDocumentedFieldsInOrderWithBeijingTimeAndRawDuration() throws Exception {
		HttpResponse<String> response = call().json(json("FunctionName", "orders", "Order", "asc", "Limit", 1,
				"StartTime", beijing(DAY), "EndTime", beijing(DAY.plusSeconds(7200)))).send();
		ScfLogEntry first = DATASET.logs("default", "orders").get(0);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).contains("\"StartTime\":\"" + BEIJING.format(first.startTime()) + "\"")
			.contains("\"Duration\":" + first.duration() + ",")
			.contains("\"SearchContext\":{\"Offset\":\"\",\"Limit\":0,\"Keyword\":\"\",\"Type\":\"\"}");
		ApiReply reply = ApiReply.parse(response.body());
		assertThat(reply.fieldOrder()).containsExactly("FunctionName", "RetMsg", "RequestId", "StartTime", "RetCode",
				"InvokeFinished", "Duration", "BillDuration", "MemUsage", "Log", "Level", "Source", "RetryNum");
		assertThat(UUID.fromString(reply.requestId())).isNotNull();
	}

	@Test
	void descendingOrderIsTheExactReverseOfAscending() throws Exception {
		String range = "\"StartTime\":\"" + beijing(DAY) + "\",\"EndTime\":\"" + beijing(DAY.plusSeconds(7200)) + "\"";
		List<ScfLogEntry> descending = call().json("{\"FunctionName\":\"orders\",\"Limit\":1000," + range + "}")
			.reply()
			.logs();
		List<ScfLogEntry> ascending = new ArrayList<>(DATASET.logs("default", "orders"));
		Collections.reverse(ascending);
		assertThat(descending).isEqualTo(ascending);
	}

	@Test
	void offsetPlusLimitAboveTenThousandIsLimitExceededOffset() throws Exception {
		assertThat(error(json("FunctionName", "orders", "Offset", 9990, "Limit", 11))).isEqualTo("LimitExceeded.Offset");
		ApiReply atTheCap = call().json(json("FunctionName", "orders", "Offset", 9980, "Limit", 20, "StartTime",
				beijing(DAY), "EndTime", beijing(DAY.plusSeconds(7200)))).reply();
		assertThat(atTheCap.ok()).isTrue();
		assertThat(atTheCap.totalCount()).isEqualTo(630);
		assertThat(atTheCap.logs()).isEmpty();
	}

	@Test
	void refusesBadPagingValues() throws Exception {
		assertThat(error(json("FunctionName", "orders", "Offset", -1))).isEqualTo("InvalidParameterValue.Offset");
		assertThat(error(json("FunctionName", "orders", "Limit", 0))).isEqualTo("InvalidParameterValue");
		assertThat(error("{\"FunctionName\":\"orders\",\"Offset\":\"5\"}")).isEqualTo("InvalidParameter");
		assertThat(error(json("FunctionName", "orders", "Order", "ASC"))).isEqualTo("InvalidParameterValue.Order");
		assertThat(error(json("FunctionName", "orders", "OrderBy", "startTime"))).isEqualTo("InvalidParameterValue.OrderBy");
		assertThat(error(json("Functionname", "orders"))).isEqualTo("UnknownParameter");
		assertThat(error(json("Limit", 10))).isEqualTo("MissingParameter");
		assertThat(error(json("FunctionName", "nope"))).isEqualTo("ResourceNotFound.Function");
		assertThat(error(json("FunctionName", "orders", "Namespace", "prod"))).isEqualTo("ResourceNotFound.Function");
	}

	@Test
	void aFunctionDeletedAfterSomeAnswersIsResourceNotFoundFromThenOn() throws Exception {
		this.emulator.faults().deleteFunction("orders", 1);

		assertThat(call().json(json("FunctionName", "orders")).reply().ok()).isTrue();
		assertThat(error(json("FunctionName", "orders"))).isEqualTo("ResourceNotFound.Function");
		assertThat(error(json("FunctionName", "orders"))).isEqualTo("ResourceNotFound.Function");

		this.emulator.faults().reset();
		assertThat(call().json(json("FunctionName", "orders")).reply().ok()).isTrue();
	}

	@Test
	void aTimeRangeOfMoreThanOneDayIsInvalidStartTimeOrEndTime() throws Exception {
		assertThat(error(json("FunctionName", "orders", "StartTime", beijing(DAY), "EndTime",
				beijing(DAY.plus(Duration.ofDays(1)).plusSeconds(1))))).isEqualTo("InvalidParameterValue.StartTimeOrEndTime");
		assertThat(error(json("FunctionName", "orders", "StartTime", beijing(DAY))))
			.isEqualTo("InvalidParameterValue.StartTimeOrEndTime");
		assertThat(error(json("FunctionName", "orders", "StartTime", beijing(DAY), "EndTime", beijing(DAY.minusSeconds(1)))))
			.isEqualTo("InvalidParameterValue.StartTimeOrEndTime");
		assertThat(error(json("FunctionName", "orders", "StartTime", "2026-11-20T08:00:00", "EndTime", beijing(DAY))))
			.isEqualTo("InvalidParameterValue.DateTime");
		assertThat(error(json("FunctionName", "orders", "StartTime", "2026-02-30 00:00:00", "EndTime", "2026-03-01 00:00:00")))
			.isEqualTo("InvalidParameterValue.DateTime");
	}

	@Test
	void bothEndsOfTheTimeRangeAreInclusive() throws Exception {
		long atBurst = DATASET.logs("default", "orders").stream().filter((log) -> log.startTime().equals(BURST)).count();
		ApiReply oneSecond = call().json(json("FunctionName", "orders", "Limit", 100, "StartTime", beijing(BURST),
				"EndTime", beijing(BURST))).reply();
		assertThat(oneSecond.totalCount()).isEqualTo(atBurst).isGreaterThanOrEqualTo(30);
		assertThat(oneSecond.logs()).extracting(ScfLogEntry::startTime).containsOnly(BURST);
		ApiReply endingBefore = call().json(json("FunctionName", "orders", "Limit", 100, "StartTime",
				beijing(BURST.minusSeconds(5)), "EndTime", beijing(BURST.minusSeconds(1)))).reply();
		assertThat(endingBefore.logs()).extracting(ScfLogEntry::startTime).doesNotContain(BURST);
	}

	@Test
	void withoutATimeRangeReturnsTheLastDayUpToNow() throws Exception {
		this.clock.set(DAY.plus(Duration.ofHours(25)));
		long expected = DATASET.logs("default", "orders")
			.stream()
			.filter((log) -> !log.startTime().isBefore(DAY.plus(Duration.ofHours(1))))
			.count();
		assertThat(call().json(json("FunctionName", "orders")).reply().totalCount()).isEqualTo(expected).isPositive();
	}

	@ParameterizedTest
	@CsvSource({ "is0", "not0", "TimeLimitExceeded", "ResourceLimitExceeded", "UserCodeException" })
	void filtersByRetCode(String filter) throws Exception {
		LongPredicate matches = switch (filter) {
			case "is0" -> (code) -> code == 0;
			case "not0" -> (code) -> code != 0;
			case "TimeLimitExceeded" -> (code) -> code == 433;
			case "ResourceLimitExceeded" -> (code) -> code == 434;
			default -> (code) -> code == 1;
		};
		List<ScfLogEntry> expected = DATASET.logs("default", "orders")
			.stream()
			.filter((log) -> matches.test(log.retCode()))
			.toList();
		ApiReply reply = call().json(json("FunctionName", "orders", "Order", "asc", "Limit", 1000, "StartTime",
				beijing(DAY), "EndTime", beijing(DAY.plusSeconds(7200)), "Filter", Map.of("RetCode", filter))).reply();
		assertThat(expected).isNotEmpty();
		assertThat(reply.totalCount()).isEqualTo(expected.size());
		assertThat(reply.logs()).isEqualTo(expected);
	}

	@Test
	void anUnknownRetCodeFilterIsRefused() throws Exception {
		assertThat(error(json("FunctionName", "orders", "Filter", Map.of("RetCode", "433"))))
			.isEqualTo("InvalidParameterValue.RetCode");
	}

	@Test
	void filtersByInvocationRequestIdAndQualifier() throws Exception {
		ScfLogEntry wanted = DATASET.logs("default", "orders").get(17);
		String range = "\"StartTime\":\"" + beijing(DAY) + "\",\"EndTime\":\"" + beijing(DAY.plusSeconds(7200)) + "\"";
		assertThat(call().json("{\"FunctionName\":\"orders\",\"FunctionRequestId\":\"" + wanted.requestId() + "\","
				+ range + "}").reply().logs()).containsExactly(wanted);
		assertThat(call().json("{\"FunctionName\":\"orders\",\"Qualifier\":\"7\"," + range + "}").reply().totalCount())
			.isZero();
	}

	@Test
	void ordersByDurationAndMemoryUsageNumerically() throws Exception {
		String range = "\"StartTime\":\"" + beijing(DAY) + "\",\"EndTime\":\"" + beijing(DAY.plusSeconds(7200)) + "\"";
		List<ScfLogEntry> byDuration = call()
			.json("{\"FunctionName\":\"orders\",\"OrderBy\":\"duration\",\"Order\":\"asc\",\"Limit\":1000," + range + "}")
			.reply()
			.logs();
		assertThat(byDuration).hasSize(630)
			.extracting((log) -> new BigDecimal(log.duration()))
			.isSorted();
		List<ScfLogEntry> byMemory = call()
			.json("{\"FunctionName\":\"orders\",\"OrderBy\":\"mem_usage\",\"Limit\":1000," + range + "}")
			.reply()
			.logs();
		assertThat(byMemory).extracting(ScfLogEntry::memUsage).isSortedAccordingTo(Comparator.reverseOrder());
	}

	@Test
	void acceptsGetWithFlattenedFilterAndSignsTheRawQueryString() throws Exception {
		String query = "Order=asc&FunctionName=orders&Filter.RetCode=not0&Limit=1000&StartTime="
				+ beijing(DAY).replace(" ", "+").replace(":", "%3A") + "&EndTime="
				+ beijing(DAY.plusSeconds(7200)).replace(" ", "+").replace(":", "%3A");
		ApiReply reply = call().get(query).reply();
		assertThat(reply.ok()).as("%s", reply).isTrue();
		assertThat(reply.logs()).isNotEmpty()
			.isEqualTo(DATASET.logs("default", "orders").stream().filter((log) -> log.retCode() != 0).toList());
	}

	@Test
	void aWrongSecretKeyIsSignatureFailure() throws Exception {
		assertThat(call().key(ID, "not-the-key").json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureFailure");
	}

	@Test
	void anUnknownSecretIdIsSecretIdNotFound() throws Exception {
		assertThat(call().key("AKIDnobody", KEY).json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("AuthFailure.SecretIdNotFound");
	}

	@Test
	void aTimestampMoreThanFiveMinutesOffIsSignatureExpire() throws Exception {
		long now = this.clock.instant().getEpochSecond();
		assertThat(call().timestamp(now - 301).json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureExpire");
		assertThat(call().timestamp(now + 301).json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureExpire");
		assertThat(call().timestamp(now - 300).json(json("FunctionName", "orders")).reply().ok()).isTrue();
		assertThat(call().timestamp(now + 300).json(json("FunctionName", "orders")).reply().ok()).isTrue();
	}

	@Test
	void takesTheServiceFromTheCredentialScopeAndChecksItsDate() throws Exception {
		// the official SDK signs with service "127" when its endpoint is 127.0.0.1:PORT
		assertThat(call().service("127").json(json("FunctionName", "orders")).reply().ok()).isTrue();
		String today = this.clock.instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
		String yesterday = this.clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1).toString();
		assertThat(call().tamperAuthorization((header) -> header.replace(today, yesterday))
			.json(json("FunctionName", "orders"))
			.reply()
			.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
	}

	@Test
	void aMalformedAuthorizationIsInvalidAuthorization() throws Exception {
		assertThat(call().tamperAuthorization((header) -> header.replace("TC3-HMAC-SHA256", "HMAC-SHA1"))
			.json(json("FunctionName", "orders"))
			.reply()
			.errorCode()).isEqualTo("AuthFailure.InvalidAuthorization");
		assertThat(call().tamperAuthorization((header) -> header.replace("content-type;host", "host"))
			.json(json("FunctionName", "orders"))
			.reply()
			.errorCode()).isEqualTo("AuthFailure.InvalidAuthorization");
	}

	@Test
	void aTemporaryCredentialRequiresItsToken() throws Exception {
		SignedCall temporary = call().key("AKIDtemporary", "temporary-key").json(json("FunctionName", "orders"));
		assertThat(temporary.reply().errorCode()).isEqualTo("AuthFailure.TokenFailure");
		assertThat(temporary.header("X-TC-Token", "wrong").reply().errorCode()).isEqualTo("AuthFailure.TokenFailure");
		assertThat(temporary.header("X-TC-Token", "session-token").reply().ok()).isTrue();
		assertThat(call().header("X-TC-Token", "session-token").json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("AuthFailure.TokenFailure");
	}

	@Test
	void checksTheCommonHeaders() throws Exception {
		assertThat(call().header("X-TC-Region", null).json(json("FunctionName", "orders")).reply())
			.extracting(ApiReply::errorCode, ApiReply::errorMessage)
			.containsExactly("MissingParameter", "The request is missing a required parameter `X-TC-Region`.");
		assertThat(call().header("X-TC-Action", "ListFunctions").json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("InvalidAction");
		assertThat(call().header("X-TC-Version", "2017-03-12").json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("NoSuchVersion");
	}

	@Test
	void theSixthRequestInOneSecondIsRequestLimitExceeded() throws Exception {
		try (ScfEmulator limited = ScfEmulator.builder().clock(this.clock).credential(ID, KEY).dataset(DATASET).build().start()) {
			SignedCall call = SignedCall.to(limited, ID, KEY, this.clock).json(json("FunctionName", "orders"));
			for (int i = 0; i < 3; i++) {
				// failed signatures are not counted
				assertThat(SignedCall.to(limited, ID, "wrong", this.clock).json(json("FunctionName", "orders")).reply().errorCode())
					.isEqualTo("AuthFailure.SignatureFailure");
			}
			for (int i = 0; i < 5; i++) {
				assertThat(call.reply().ok()).isTrue();
			}
			ApiReply sixth = call.reply();
			assertThat(sixth.errorCode()).isEqualTo("RequestLimitExceeded");
			assertThat(sixth.errorMessage()).isEqualTo("Your current request times equals to `6` in a second, "
					+ "which exceeds the frequency limit `5` for a second. Please reduce the frequency of calls.");
			assertThat(limited.throttledCount()).isEqualTo(1);
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(call.reply().ok()).isTrue();
			assertThat(limited.maxRequestsInAnySecond(ID)).isEqualTo(6);
			assertThat(limited.maxRequestsInAnySecond("AKIDnobody")).isZero();
			assertThat(limited.requestCount()).isEqualTo(10);
			assertThat(limited.servedCount()).isEqualTo(6);
		}
	}

	@Test
	void failWithHttpStatusAnswersWithAnHtmlErrorPageThenRecovers() throws Exception {
		this.emulator.faults().failWithHttpStatus(502, 2);
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = call().json(json("FunctionName", "orders")).send();
			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(response.body()).contains("502 Bad Gateway");
		}
		assertThat(call().json(json("FunctionName", "orders")).reply().ok()).isTrue();
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void throttleAndInternalErrorHitExactlyTheNextRequestsInQueueOrder() throws Exception {
		this.emulator.faults().throttle(2).internalError(1);
		// a request that fails authentication does not take a fault
		assertThat(call().key(ID, "wrong").json(json("FunctionName", "orders")).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureFailure");
		SignedCall call = call().json(json("FunctionName", "orders"));
		assertThat(call.reply().errorCode()).isEqualTo("RequestLimitExceeded");
		assertThat(call.reply().errorCode()).isEqualTo("RequestLimitExceeded");
		assertThat(call.reply().errorCode()).isEqualTo("InternalError.System");
		ApiReply served = call.reply();
		assertThat(served.ok()).isTrue();
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(this.emulator.servedCount()).isEqualTo(1);
		assertThat(this.emulator.servedRecordCount()).as("errors carry no records").isEqualTo(served.logs().size());
	}

	@Test
	void aDroppedConnectionFailsAJdkPostWithIOException() throws Exception {
		this.emulator.faults().dropConnections(2);
		SignedCall call = call().json(json("FunctionName", "orders"));
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(call::send).isInstanceOf(IOException.class)
				.hasMessageContaining("header parser received no bytes");
		}
		assertThat(call.reply().ok()).isTrue();
		assertThat(this.emulator.requestCount()).isEqualTo(3);
	}

	@Test
	void theJdkClientSilentlyRetriesADroppedGetOnce() throws Exception {
		this.emulator.faults().dropConnections(1);
		assertThat(call().get("FunctionName=orders").reply().ok()).isTrue();
		assertThat(this.emulator.requestCount()).isEqualTo(2);
		this.emulator.faults().dropConnections(2);
		assertThatThrownBy(() -> call().get("FunctionName=orders").send()).isInstanceOf(IOException.class);
		assertThat(this.emulator.requestCount()).isEqualTo(4);
	}

	@Test
	void truncateJsonSendsACompleteResponseWithHalfTheBody() throws Exception {
		this.emulator.faults().truncateJson(1);
		SignedCall call = call().json(json("FunctionName", "orders", "Order", "asc", "Limit", 100, "StartTime",
				beijing(DAY), "EndTime", beijing(DAY.plusSeconds(7200))));
		HttpResponse<byte[]> truncated = call.sendForBytes();
		HttpResponse<byte[]> whole = call.sendForBytes();
		assertThat(truncated.statusCode()).isEqualTo(200);
		assertThat(truncated.headers().firstValueAsLong("Content-Length")).hasValue(truncated.body().length);
		assertThat(truncated.body()).hasSize(whole.body().length / 2);
		assertThat(Arrays.copyOf(whole.body(), truncated.body().length)).isEqualTo(truncated.body());
		assertThatThrownBy(() -> ApiReply.parse(new String(truncated.body(), StandardCharsets.UTF_8)))
			.isInstanceOf(JacksonException.class);
		assertThat(ApiReply.parse(new String(whole.body(), StandardCharsets.UTF_8)).logs()).hasSize(100);
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void slowResponsesDelayEveryAnswerUntilReset() throws Exception {
		this.emulator.faults().slowResponses(Duration.ofMillis(400));
		SignedCall call = call().json(json("FunctionName", "orders"));
		for (int i = 0; i < 2; i++) {
			long started = System.nanoTime();
			assertThat(call.reply().ok()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		}
		this.emulator.faults().reset();
		long started = System.nanoTime();
		assertThat(call.reply().ok()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
	}

	@Test
	void lateLogsAppearOnlyAfterTheGivenNumberOfServedAnswers() throws Exception {
		SignedCall call = call().json(json("FunctionName", "slowpoke", "Order", "asc", "Limit", 100, "StartTime",
				beijing(DAY), "EndTime", beijing(DAY.plusSeconds(600))));
		assertThat(error(json("FunctionName", "slowpoke", "Limit", 0))).isEqualTo("InvalidParameterValue");
		for (int served = 0; served < 3; served++) {
			assertThat(call.reply().totalCount()).as("after %d answers", served).isEqualTo(40);
		}
		ApiReply afterThree = call.reply();
		assertThat(afterThree.totalCount()).isEqualTo(44);
		assertThat(afterThree.logs()).isEqualTo(DATASET.logs("default", "slowpoke"));
	}

	@Test
	void duplicatedLogsAppearTwiceInPagesAndInTotalCount() throws Exception {
		ApiReply reply = call().json(json("FunctionName", "flaky", "Order", "asc", "Limit", 100, "StartTime",
				beijing(DAY), "EndTime", beijing(DAY.plusSeconds(600)))).reply();
		assertThat(reply.totalCount()).isEqualTo(55);
		assertThat(reply.logs()).hasSize(55);
		Map<String, Long> copies = reply.logs()
			.stream()
			.collect(Collectors.groupingBy(ScfLogEntry::requestId, Collectors.counting()));
		assertThat(copies).hasSize(50);
		assertThat(copies.values().stream().filter((count) -> count == 2)).hasSize(5);
		assertThat(reply.logs().stream().distinct().toList()).isEqualTo(DATASET.logs("default", "flaky"));
	}

	@Test
	void onServedIsCalledWithTheRunningCountAfterEachSuccessfulAnswer() throws Exception {
		BlockingQueue<Integer> seen = new LinkedBlockingQueue<>();
		this.emulator.onServed(seen::add);
		SignedCall good = call().json(json("FunctionName", "orders"));
		good.reply();
		call().json(json("FunctionName", "nope")).reply();
		good.reply();
		assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(seen).isEmpty();
	}

	@Test
	void aClientThatAbandonsALargePageIsNotCountedAsServed() throws Exception {
		ScfDataset large = ScfDataset.builder(3).largeFields(1, 1_048_576).function("default", "big", DAY, DAY.plusSeconds(60), 20).build();
		try (ScfEmulator emulator = ScfEmulator.builder().clock(this.clock).credential(ID, KEY).dataset(large).rateLimitPerSecond(0).build().start()) {
			BlockingQueue<Integer> served = new LinkedBlockingQueue<>();
			emulator.onServed(served::add);
			SignedCall call = SignedCall.to(emulator, ID, KEY, this.clock).json(json("FunctionName", "big", "Limit", 20,
					"StartTime", beijing(DAY), "EndTime", beijing(DAY.plusSeconds(60))));
			// 20 MB cannot fit in socket buffers, so the emulator is still writing when the client hangs up
			HttpResponse<InputStream> abandoned = SignedCall.HTTP.send(call.request(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = abandoned.body()) {
				assertThat(body.readNBytes(12)).asString(StandardCharsets.UTF_8).isEqualTo("{\"Response\":");
			}
			ApiReply complete = SignedCall.to(emulator, ID, KEY, this.clock).json(json("FunctionName", "big", "Limit", 2,
					"StartTime", beijing(DAY), "EndTime", beijing(DAY.plusSeconds(60)))).reply();
			assertThat(complete.logs()).hasSize(2);
			assertThat(served.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
			assertThat(emulator.servedCount()).isEqualTo(1);
			assertThat(emulator.requestCount()).isEqualTo(2);
		}
	}

	@Test
	void servesConcurrentClientsIndependently() throws Exception {
		List<ScfLogEntry> expected = DATASET.logs("default", "orders");
		List<Future<List<ScfLogEntry>>> exports = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			for (int client = 0; client < 4; client++) {
				exports.add(clients.submit(() -> {
					List<ScfLogEntry> exported = new ArrayList<>();
					for (int offset = 0; offset < 630; offset += 90) {
						exported.addAll(call().json(json("FunctionName", "orders", "Order", "asc", "Offset", offset,
								"Limit", 90, "StartTime", beijing(DAY), "EndTime", beijing(DAY.plusSeconds(7200)))).reply().logs());
					}
					return exported;
				}));
			}
			for (var export : exports) {
				assertThat(export.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(this.emulator.servedCount()).isEqualTo(28);
	}

	@Test
	void listensOnLoopbackOnly() {
		assertThat(this.emulator.endpoint().toString()).isEqualTo("http://127.0.0.1:" + this.emulator.port());
		assertThat(this.emulator.port()).isPositive();
	}

	private SignedCall call() {
		return SignedCall.to(this.emulator, ID, KEY, this.clock);
	}

	private String error(String body) throws Exception {
		ApiReply reply = call().json(body).reply();
		assertThat(reply.ok()).as("expected an error, got %s", reply).isFalse();
		return reply.errorCode();
	}

	private static String beijing(Instant instant) {
		return BEIJING.format(instant);
	}

	/** A JSON object from name/value pairs: numbers raw, maps nested, anything else as a string. */
	static String json(Object... pairs) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < pairs.length; i += 2) {
			if (i > 0) {
				json.append(',');
			}
			json.append('"').append(pairs[i]).append("\":").append(value(pairs[i + 1]));
		}
		return json.append('}').toString();
	}

	private static String value(Object value) {
		if (value instanceof Number) {
			return value.toString();
		}
		if (value instanceof Map<?, ?> map) {
			return json(map.entrySet().stream().flatMap((entry) -> Stream.of(entry.getKey(), entry.getValue())).toArray());
		}
		return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
