package dev.logtally.sandbox.sls;

import java.io.IOException;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.logtally.source.sls.SlsSigner;
import dev.logtally.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlsEmulatorTest {

	private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

	private static final long FROM = DAY.getEpochSecond();

	private static final long TO = FROM + 7_200;

	/** A second in the middle of a minute, holding a burst of 300 logs. */
	private static final long BURST = FROM + 1_800 + 27;

	private static final String AK = "LTAIsandboxTEST";

	private static final String SECRET = "sandbox-secret";

	private static final SlsDataset DATASET = SlsDataset.builder(2026)
		.logstore("shop", "access", DAY, DAY.plusSeconds(7_200), 1_200)
		.burst("shop", "access", Instant.ofEpochSecond(BURST), 300)
		.identical("shop", "access", 5)
		.logstore("shop", "tiny", DAY, DAY.plusSeconds(600), 40)
		.late("shop", "tiny", DAY.plusSeconds(100), 4, 3)
		.unindexed("shop", "raw")
		.logstore("other", "events", DAY, DAY.plusSeconds(3_600), 50)
		.build();

	private static final List<SlsLog> ACCESS = DATASET.logs("shop", "access");

	private final MutableClock clock = new MutableClock(DAY.plus(Duration.ofHours(30)));

	/** As real SLS: ties at the ordering granularity reshuffle on every request. */
	private SlsEmulator emulator;

	/** Ordered by (time, nanosecond part, sequence), for tests about everything but ordering. */
	private SlsEmulator stable;

	@BeforeEach
	void start() {
		this.emulator = builder().build().start();
		this.stable = builder().unstableOrder(false).build().start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
		this.stable.close();
	}

	// paging, ranges and shapes

	@Test
	void pagesThroughALogstoreInTimeOrderAndGetsEveryLogExactlyOnce() throws Exception {
		List<SlsLog> exported = new ArrayList<>();
		for (int offset = 0;; offset += 100) {
			SlsReply page = stableCall().logs("access", "from", FROM, "to", TO, "line", 100, "offset", offset).reply();
			assertThat(page.ok()).as("%s", page).isTrue();
			assertThat(page.complete()).isTrue();
			assertThat(page.header("x-log-count")).isEqualTo(Integer.toString(page.logs().size()));
			assertThat(page.header("x-log-processed-rows")).isEqualTo("1505");
			assertThat(page.header("x-log-has-sql")).isEqualTo("False");
			assertThat(page.header("x-log-elapsed-millisecond")).matches("\\d+");
			assertThat(page.header("Content-Type")).isEqualTo("application/json");
			assertThat(page.requestId()).matches("[0-9A-F]{24}");
			if (page.logs().isEmpty()) {
				break;
			}
			exported.addAll(page.logs());
		}
		assertThat(exported).hasSize(1_505).isEqualTo(ACCESS);
		assertThat(this.stable.servedCount()).isEqualTo(17);
		assertThat(this.stable.servedRecordCount()).as("the logs of every page served").isEqualTo(1_505);
	}

	@Test
	void theThreeRequestShapesServeTheSamePage() throws Exception {
		SlsReply get = stableCall().logs("access", "from", FROM, "to", TO, "line", 50, "offset", 100).reply();
		SlsReply index = stableCall().logsViaIndex("access", "from", FROM, "to", TO, "line", 50, "offset", 100).reply();
		SlsReply v2 = stableCall().header("Accept-Encoding", "lz4")
			.logsV2("access", "{\"from\":" + FROM + ",\"to\":" + TO + ",\"topic\":\"\",\"query\":\"\",\"line\":50,"
					+ "\"offset\":100,\"reverse\":false,\"accurate\":true,\"fromNs\":0,\"toNs\":0,\"powerSql\":false}")
			.reply();
		assertThat(get.logs()).hasSize(50).isEqualTo(ACCESS.subList(100, 150));
		assertThat(index.logs()).isEqualTo(get.logs());
		assertThat(v2.logs()).isEqualTo(get.logs());
		assertThat(v2.complete()).isTrue();
		assertThat(v2.meta().get("count").intValue()).isEqualTo(50);
		assertThat(v2.meta().get("processedRows").longValue()).isEqualTo(1_505);
		assertThat(v2.meta().get("hasSQL").booleanValue()).isFalse();
		assertThat(v2.meta().get("isAccurate").booleanValue()).isTrue();
		assertThat(v2.meta().get("keys").valueStream().map((key) -> key.stringValue())).contains("level", "message");
		// asked for lz4, answered uncompressed: the SDKs decompress only when both of these are present
		assertThat(v2.header("x-log-compresstype")).isNull();
		assertThat(v2.header("x-log-bodyrawsize")).isNull();
	}

	@Test
	void acceptsPythonStyleRequestsWithoutContentTypeWithCapitalisedBooleansAndAnUnsignedLogDate() throws Exception {
		SlsReply reply = stableCall().contentType(null)
			.logs("access", "from", FROM, "to", TO, "line", 10, "reverse", "False", "accurate", "True", "powerSql", "False",
					"session", "mode=scan", "forward", "True", "highlight", "False", "shard", "")
			.reply();
		assertThat(reply.logs()).isEqualTo(ACCESS.subList(0, 10));
		// the Python SDK adds x-log-date after signing; the verifier must leave it out of the LOG headers
		SlsCall python = stableCall().contentType(null).logs("access", "from", FROM, "to", TO, "line", 1);
		assertThat(resend(python, (request) -> request.header("x-log-date", now())).statusCode()).isEqualTo(200);
		SlsReply v2 = stableCall().logsV2("access", "{\"from\":" + FROM + ",\"to\":" + TO
				+ ",\"line\":\"10\",\"reverse\":\"false\",\"accurate\":true,\"session\":\"mode=scan\"}").reply();
		assertThat(v2.logs()).isEqualTo(ACCESS.subList(0, 10));
	}

	@Test
	void theRangeIsFromInclusiveToExclusiveToTheNanosecond() throws Exception {
		SlsLog target = ACCESS.get(700);
		assertThat(ACCESS.stream().filter((log) -> log.instant().equals(target.instant()))).hasSize(1);
		assertThat(target.nsPart()).isLessThan(999_999_999);
		assertThat(stableCall().logs("access", "from", target.time(), "fromNs", target.nsPart(), "to", target.time(), "toNs",
				target.nsPart() + 1).reply().logs()).containsExactly(target);
		assertThat(stableCall().logs("access", "from", target.time(), "fromNs", target.nsPart() + 1, "to", target.time() + 60)
			.reply()
			.logs()).isNotEmpty().doesNotContain(target);
		List<SlsLog> before = stableCall()
			.logs("access", "from", target.time() - 600, "to", target.time(), "toNs", target.nsPart(), "reverse", "true",
					"line", 1)
			.reply()
			.logs();
		assertThat(before).containsExactly(ACCESS.get(699));
		List<SlsLog> burstSecond = exportAll(this.stable, "access", "from", BURST, "to", BURST + 1);
		assertThat(burstSecond).hasSizeGreaterThanOrEqualTo(300)
			.isEqualTo(ACCESS.stream().filter((log) -> log.time() == BURST).toList());
	}

	@Test
	void nanosecondRangesSplitABurstSecondWithoutLossOrOverlap() throws Exception {
		List<SlsLog> early = exportAll(this.stable, "access", "from", BURST, "to", BURST, "toNs", 500_000_000);
		List<SlsLog> late = exportAll(this.stable, "access", "from", BURST, "fromNs", 500_000_000, "to", BURST + 1);
		assertThat(early).isNotEmpty().allSatisfy((log) -> assertThat(log.nsPart()).isLessThan(500_000_000));
		assertThat(late).isNotEmpty().allSatisfy((log) -> assertThat(log.nsPart()).isGreaterThanOrEqualTo(500_000_000));
		List<SlsLog> both = new ArrayList<>(early);
		both.addAll(late);
		assertThat(both).isEqualTo(ACCESS.stream().filter((log) -> log.time() == BURST).toList());
	}

	@Test
	void lineIsCappedAtOneHundredAndOffsetPastTheEndIsAnEmptyCompletePage() throws Exception {
		assertThat(stableCall().logs("access", "from", FROM, "to", TO).reply().logs()).hasSize(100);
		assertThat(stableCall().logs("access", "from", FROM, "to", TO, "line", 500).reply().logs()).hasSize(100);
		assertThat(stableCall().logs("access", "from", FROM, "to", TO, "line", 0).reply().logs()).isEmpty();
		SlsReply past = stableCall().logs("access", "from", FROM, "to", TO, "offset", 5_000).reply();
		assertThat(past.complete()).isTrue();
		assertThat(past.logs()).isEmpty();
		assertThat(past.header("x-log-count")).isEqualTo("0");
	}

	@Test
	void reverseIsTheExactReverseOfAscendingWhenTheOrderIsStable() throws Exception {
		List<SlsLog> ascending = stableCall().project("other").logs("events", "from", FROM, "to", TO).reply().logs();
		List<SlsLog> descending = stableCall().project("other")
			.logs("events", "from", FROM, "to", TO, "reverse", "true")
			.reply()
			.logs();
		assertThat(ascending).hasSize(50).isEqualTo(DATASET.logs("other", "events"));
		List<SlsLog> reversed = new ArrayList<>(ascending);
		Collections.reverse(reversed);
		assertThat(descending).isEqualTo(reversed);
		assertThat(stableCall().project("other").logs("events", "from", FROM, "to", TO).reply().logs()).isEqualTo(ascending);
	}

	// the ordering model

	@Test
	void withoutAccurateOnlyTheMinuteIsOrderedAndTiesReshuffleOnEveryRequest() throws Exception {
		List<SlsLog> first = call().logs("access", "from", FROM, "to", TO).reply().logs();
		List<SlsLog> second = call().logs("access", "from", FROM, "to", TO).reply().logs();
		assertThat(first).hasSize(100).isNotEqualTo(second);
		assertThat(first).extracting((log) -> log.time() / 60).isSorted();
		assertThat(first).extracting(SlsLog::time).isNotEqualTo(first.stream().map(SlsLog::time).sorted().toList());
		// the first page ends inside a minute, so which of that minute's logs it holds changes too
		assertThat(new HashSet<>(first)).isNotEqualTo(new HashSet<>(second));
	}

	@Test
	void accurateOrdersToTheSecondButATiedSecondReshufflesSoOffsetPagingRepeatsAndSkipsLogs() throws Exception {
		List<SlsLog> around = call().logs("access", "from", BURST - 300, "to", BURST + 300, "accurate", "true").reply().logs();
		assertThat(around).extracting(SlsLog::time).isSorted();
		List<SlsLog> burst = ACCESS.stream().filter((log) -> log.time() == BURST).toList();
		List<SlsLog> paged = exportAll(this.emulator, "access", "from", BURST, "to", BURST + 1, "accurate", "true");
		assertThat(paged).hasSameSizeAs(burst);
		assertThat(paged).extracting(SlsLog::nsPart).isNotEqualTo(burst.stream().map(SlsLog::nsPart).toList());
		assertThat(new HashSet<>(paged)).as("offset paging across a shuffled tie").hasSizeLessThan(new HashSet<>(burst).size());
		assertThat(exportAll(this.stable, "access", "from", BURST, "to", BURST + 1, "accurate", "true")).isEqualTo(burst);
	}

	@Test
	void aStableOrderIsTheSameOnEveryRequestAndSortedByTimeAndNanos() throws Exception {
		List<SlsLog> first = stableCall().logs("access", "from", BURST, "to", BURST + 1).reply().logs();
		assertThat(stableCall().logs("access", "from", BURST, "to", BURST + 1).reply().logs()).isEqualTo(first);
		assertThat(first).isSortedAccordingTo(Comparator.comparing(SlsLog::instant));
	}

	// histograms

	@Test
	void histogramsSplitTheRangeIntoSixtyFixedBucketsWhoseCountsMatchTheLogs() throws Exception {
		SlsReply histogram = call().histograms("access", "from", FROM, "to", TO).reply();
		assertThat(histogram.complete()).isTrue();
		assertThat(histogram.buckets()).hasSize(60);
		for (int i = 0; i < 60; i++) {
			SlsReply.Bucket bucket = histogram.buckets().get(i);
			assertThat(bucket.from()).isEqualTo(FROM + 120L * i);
			assertThat(bucket.to()).isEqualTo(bucket.from() + 120);
			assertThat(bucket.progress()).isEqualTo("Complete");
			assertThat(bucket.count()).isEqualTo(countIn(bucket.from(), bucket.to()));
		}
		assertThat(histogram.total()).isEqualTo(1_505);
		assertThat(call().histograms("access", "from", FROM, "to", TO).reply().buckets()).isEqualTo(histogram.buckets());
		assertThat(call().histogramsViaIndex("access", "from", FROM, "to", TO).reply().buckets())
			.isEqualTo(histogram.buckets());
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 30, 59, 60, 61, 90, 7_199 })
	void histogramBucketsAreWholeSecondsThatTileTheRange(long seconds) throws Exception {
		long from = BURST - seconds / 2;
		List<SlsReply.Bucket> buckets = call().histograms("access", "from", from, "to", from + seconds).reply().buckets();
		assertThat(buckets).hasSize((int) Math.min(60, seconds));
		assertThat(buckets.get(0).from()).isEqualTo(from);
		assertThat(buckets.get(buckets.size() - 1).to()).isEqualTo(from + seconds);
		for (int i = 0; i < buckets.size(); i++) {
			assertThat(buckets.get(i).to()).isGreaterThan(buckets.get(i).from());
			if (i > 0) {
				assertThat(buckets.get(i).from()).isEqualTo(buckets.get(i - 1).to());
			}
		}
		assertThat(buckets.stream().mapToLong(SlsReply.Bucket::count).sum()).isEqualTo(countIn(from, from + seconds));
	}

	@Test
	void aSubSecondHistogramIsOneBucketThatHonoursTheNanosecondParts() throws Exception {
		SlsReply histogram = call().histograms("access", "from", BURST, "fromNs", 250_000_000, "to", BURST, "toNs",
				750_000_000).reply();
		long expected = ACCESS.stream()
			.filter((log) -> log.time() == BURST && log.nsPart() >= 250_000_000 && log.nsPart() < 750_000_000)
			.count();
		assertThat(histogram.buckets()).hasSize(1);
		assertThat(histogram.total()).isEqualTo(expected).isPositive();
		SlsReply ends = call().histograms("access", "from", BURST, "fromNs", 500_000_000, "to", BURST + 2, "toNs",
				500_000_000).reply();
		assertThat(ends.buckets()).extracting(SlsReply.Bucket::from).containsExactly(BURST, BURST + 1);
		assertThat(ends.total()).isEqualTo(ACCESS.stream()
			.filter((log) -> log.instant().compareTo(Instant.ofEpochSecond(BURST, 500_000_000)) >= 0
					&& log.instant().isBefore(Instant.ofEpochSecond(BURST + 2, 500_000_000)))
			.count());
	}

	@Test
	void histogramsAndLogsAgreeUnderAQueryAndATopic() throws Exception {
		String topic = ACCESS.get(0).topic();
		SlsReply histogram = call().histograms("access", "from", FROM, "to", TO, "query", "level: ERROR", "topic", topic)
			.reply();
		List<SlsLog> logs = exportAll(this.stable, "access", "from", FROM, "to", TO, "query", "level: ERROR", "topic", topic);
		assertThat(logs).isNotEmpty()
			.isEqualTo(ACCESS.stream()
				.filter((log) -> "ERROR".equals(log.fields().get("level")) && topic.equals(log.topic()))
				.toList());
		assertThat(histogram.total()).isEqualTo(logs.size());
	}

	// the query language

	@Test
	void searchesByFieldEqualityJoinedWithAndAndByTopicOrSource() throws Exception {
		assertThat(exportAll(this.stable, "access", "from", FROM, "to", TO, "query", "level: ERROR and status: 500"))
			.isEqualTo(filter((log) -> "ERROR".equals(log.fields().get("level"))
					&& "500".equals(log.fields().get("status"))));
		String source = ACCESS.get(3).source();
		assertThat(exportAll(this.stable, "access", "from", FROM, "to", TO, "query", "__source__: " + source))
			.isNotEmpty()
			.isEqualTo(filter((log) -> source.equals(log.source())));
		String topic = ACCESS.get(3).topic();
		assertThat(exportAll(this.stable, "access", "from", FROM, "to", TO, "query", "__topic__: \"" + topic + "\""))
			.isEqualTo(filter((log) -> topic.equals(log.topic())))
			.isEqualTo(exportAll(this.stable, "access", "from", FROM, "to", TO, "topic", topic));
		assertThat(exportAll(this.stable, "access", "from", FROM, "to", TO, "query", "*")).isEqualTo(ACCESS);
		SlsLog withSpaceKey = ACCESS.stream().filter((log) -> log.fields().containsKey("user agent")
				&& !log.fields().get("user agent").contains("\"") && !log.fields().get("user agent").isEmpty())
			.findFirst()
			.orElseThrow();
		assertThat(exportAll(this.stable, "access", "from", FROM, "to", TO, "query",
				"user agent: \"" + withSpaceKey.fields().get("user agent") + "\"")).contains(withSpaceKey);
	}

	@ParameterizedTest
	@ValueSource(strings = { "error", "level: ERROR or level: WARN", "level:", "level: ERR*", "not level: INFO",
			"level: ERROR and", "message: \"unterminated" })
	void anythingElseIsInvalidQueryString(String query) throws Exception {
		SlsReply reply = call().logs("access", "from", FROM, "to", TO, "query", query).reply();
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errorCode()).isEqualTo("InvalidQueryString");
	}

	@Test
	void sqlAnalyticsIsRefusedAsNotEmulated() throws Exception {
		SlsReply reply = call().logs("access", "from", FROM, "to", TO, "query", "* | select count(*) as c").reply();
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errorCode()).isEqualTo("ParameterInvalid");
		assertThat(reply.errorMessage()).contains("not supported by the emulator");
		assertThat(call().histograms("access", "from", FROM, "to", TO, "query", "* | select 1").reply().errorCode())
			.isEqualTo("ParameterInvalid");
	}

	// errors

	@Test
	void badParametersGetTheirDocumentedErrors() throws Exception {
		assertError(call().logs("access", "from", FROM, "to", TO, "offset", -1), 400, "InvalidOffset");
		assertError(call().logs("access", "from", FROM, "to", TO, "line", -1), 400, "InvalidLine");
		assertError(call().logs("access", "from", FROM, "to", TO, "reverse", "yes"), 400, "InvalidReverse");
		assertError(call().logs("access", "from", TO, "to", FROM), 400, "InvalidTimeRange");
		assertError(call().logs("access", "from", FROM, "to", FROM), 400, "InvalidTimeRange");
		assertError(call().logs("access", "from", FROM, "fromNs", 5, "to", FROM, "toNs", 5), 400, "InvalidTimeRange");
		assertError(call().histograms("access", "from", FROM, "to", FROM), 400, "InvalidTimeRange");
		assertError(call().logs("access", "from", FROM, "to", TO, "fromNs", 1_000_000_000), 400, "ParameterInvalid");
		assertError(call().logs("access", "to", TO), 400, "ParameterInvalid");
		SlsReply reply = call().logs("access", "from", FROM, "fromNs", 1, "to", FROM).reply();
		assertThat(reply.errorMessage()).isEqualTo("Request time range is invalid.");
		assertThat(reply.requestId()).matches("[0-9A-F]{24}");
	}

	@Test
	void unknownProjectsAndLogstoresAreNotFoundAndAnUnindexedLogstoreRefusesQueries() throws Exception {
		SlsReply project = call().project("nope").logs("access", "from", FROM, "to", TO).reply();
		assertThat(project.status()).isEqualTo(404);
		assertThat(project.errorCode()).isEqualTo("ProjectNotExist");
		SlsReply logstore = call().logs("missing", "from", FROM, "to", TO).reply();
		assertThat(logstore.status()).isEqualTo(404);
		assertThat(logstore.errorCode()).isEqualTo("LogStoreNotExist");
		assertThat(logstore.errorMessage()).isEqualTo("logstore missing does not exist.");
		assertError(call().histograms("missing", "from", FROM, "to", TO), 404, "LogStoreNotExist");
		SlsReply raw = call().logs("raw", "from", FROM, "to", TO).reply();
		assertThat(raw.status()).isEqualTo(400);
		assertThat(raw.errorCode()).isEqualTo("IndexConfigNotExist");
		assertThat(raw.errorMessage()).isEqualTo("Logstore without index config.");
		// a bare IP host has no project label but "127"
		assertError(call().project("127.0.0").logs("access", "from", FROM, "to", TO), 404, "ProjectNotExist");
	}

	@Test
	void aWrongSecretIsSignatureNotMatchAndAnUnknownKeyIsUnauthorized() throws Exception {
		SlsCall wrong = call().key(AK, "not-the-secret").logs("access", "from", FROM, "to", TO);
		SlsReply reply = wrong.reply();
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.errorCode()).isEqualTo("SignatureNotMatch");
		String sent = wrong.request().headers().firstValue("Authorization").orElseThrow();
		assertThat(reply.errorMessage()).isEqualTo("Signature " + sent.substring(sent.indexOf(':') + 1) + " not matched.");
		SlsReply unknown = call().key("LTAInobody", SECRET).logs("access", "from", FROM, "to", TO).reply();
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.errorCode()).isEqualTo("Unauthorized");
		assertThat(unknown.errorMessage()).isEqualTo("AccessKeyId not found: LTAInobody");
	}

	@Test
	void theSignatureCoversQueryLogHeadersContentTypeAndBody() throws Exception {
		assertError(call().logs("access", "from", FROM, "to", TO)
			.tamperAuthorization((header) -> header.replace(":", ":x")), 401, "SignatureNotMatch");
		// each change below is made after signing
		SlsCall signed = call().logs("access", "from", FROM, "to", TO);
		URI otherQuery = URI.create(signed.request().uri().toString().replace("to=" + TO, "to=" + (TO - 1)));
		assertThat(SlsReply.of(resend(signed, (request) -> request.uri(otherQuery))).errorCode())
			.isEqualTo("SignatureNotMatch");
		assertThat(SlsReply.of(resend(signed, (request) -> request.setHeader("x-log-bodyrawsize", "1"))).errorCode())
			.isEqualTo("SignatureNotMatch");
		assertThat(SlsReply.of(resend(signed, (request) -> request.setHeader("Content-Type", "application/json")))
			.errorCode()).isEqualTo("SignatureNotMatch");
		assertThat(resend(signed, (request) -> request.setHeader("User-Agent", "not-signed")).statusCode())
			.as("a header outside the signature").isEqualTo(200);
		String body = "{\"from\":" + FROM + ",\"to\":" + TO + "}";
		assertError(call().logsV2("access", body).contentMd5(md5("{}")), 400, "InvalidContentMD5");
		assertError(call().logsV2("access", body).contentMd5(md5(body).toLowerCase(Locale.ROOT)), 400,
				"InvalidContentMD5");
	}

	@Test
	void aDateMoreThanFifteenMinutesOffIsRequestTimeExpired() throws Exception {
		assertError(call().dateShiftedBy(Duration.ofMinutes(15).plusSeconds(1)).logs("access", "from", FROM, "to", TO),
				400, "RequestTimeExpired");
		assertError(call().dateShiftedBy(Duration.ofMinutes(-15).minusSeconds(1)).logs("access", "from", FROM, "to", TO),
				400, "RequestTimeExpired");
		assertThat(call().dateShiftedBy(Duration.ofMinutes(15)).logs("access", "from", FROM, "to", TO).reply().ok()).isTrue();
		assertThat(call().dateShiftedBy(Duration.ofMinutes(-15)).logs("access", "from", FROM, "to", TO).reply().ok()).isTrue();
		assertError(call().date("2026-11-21T06:00:00Z").logs("access", "from", FROM, "to", TO), 400, "InvalidDateFormat");
	}

	@Test
	void requiresADateOrXLogDateTheApiVersionAndHmacSha1() throws Exception {
		assertError(call().date(null).logs("access", "from", FROM, "to", TO), 400, "MissingDate");
		assertThat(call().date(null).header("x-log-date", now()).logs("access", "from", FROM, "to", TO).reply().ok()).isTrue();
		assertError(call().header("x-log-apiversion", null).logs("access", "from", FROM, "to", TO), 400, "MissingAPIVersion");
		assertError(call().header("x-log-signaturemethod", "hmac-sha256").logs("access", "from", FROM, "to", TO), 400,
				"InvalidSignatureMethod");
		assertError(call().header("x-log-signaturemethod", null).logs("access", "from", FROM, "to", TO), 400,
				"MissingSignatureMethod");
	}

	@Test
	void anStsCredentialRequiresItsSecurityToken() throws Exception {
		SlsCall sts = call().key("STS.sandbox", "sts-secret").logs("access", "from", FROM, "to", TO);
		assertError(sts, 401, "Unauthorized");
		assertThat(sts.reply().errorMessage()).isEqualTo("The security token you provided is invalid.");
		assertError(sts.header("x-acs-security-token", "wrong"), 401, "Unauthorized");
		assertThat(sts.header("x-acs-security-token", "sts-token").reply().ok()).isTrue();
		assertError(call().header("x-acs-security-token", "sts-token").logs("access", "from", FROM, "to", TO), 401,
				"Unauthorized");
	}

	// faults

	@Test
	void queuedFaultsHitExactlyTheNextSignatureValidRequestsInCallOrder() throws Exception {
		this.emulator.faults().quotaExceeded(2).serverBusy(1).internalError(1).requestTimeout(1);
		assertThat(this.emulator.faults().pending()).isEqualTo(5);
		// a request that fails authentication takes no fault
		assertError(call().key(AK, "wrong").logs("access", "from", FROM, "to", TO), 401, "SignatureNotMatch");
		SlsCall good = call().logs("access", "from", FROM, "to", TO);
		SlsReply quota = good.reply();
		assertThat(quota.status()).isEqualTo(403);
		assertThat(quota.errorCode()).isEqualTo("ReadQuotaExceed");
		assertThat(quota.errorMessage()).isEqualTo("Read quota is exceeded.");
		assertError(good, 403, "ReadQuotaExceed");
		assertError(good, 503, "ServerBusy");
		assertError(good, 500, "InternalServerError");
		assertError(good, 500, "RequestTimeout");
		assertThat(good.reply().ok()).isTrue();
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(this.emulator.servedCount()).isEqualTo(1);
		assertThat(this.emulator.throttledCount()).isZero();
	}

	@Test
	void aDroppedConnectionFailsAPostWithoutAnswer() throws Exception {
		this.emulator.faults().dropConnections(2);
		SlsCall call = call().logsV2("access", "{\"from\":" + FROM + ",\"to\":" + TO + "}");
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(call::send).isInstanceOf(IOException.class);
		}
		assertThat(call.reply().ok()).isTrue();
		assertThat(this.emulator.requestCount()).isEqualTo(3);
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void truncateJsonSendsHalfOfTheRightBodyWithAMatchingContentLength() throws Exception {
		this.stable.faults().truncateJson(1);
		SlsCall call = stableCall().logs("access", "from", FROM, "to", TO);
		HttpResponse<byte[]> truncated = call.sendForBytes();
		HttpResponse<byte[]> whole = call.sendForBytes();
		assertThat(truncated.statusCode()).isEqualTo(200);
		assertThat(truncated.headers().firstValueAsLong("Content-Length")).hasValue(truncated.body().length);
		assertThat(truncated.body()).hasSize(whole.body().length / 2);
		assertThat(Arrays.copyOf(whole.body(), truncated.body().length)).isEqualTo(truncated.body());
		assertThatThrownBy(() -> JsonMapper.builder().build().readTree(truncated.body()))
			.isInstanceOf(JacksonException.class);
		assertThat(this.stable.servedCount()).isEqualTo(1);
	}

	@Test
	void slowResponsesDelayEveryAnswerUntilReset() throws Exception {
		this.emulator.faults().slowResponses(Duration.ofMillis(300));
		SlsCall call = call().logs("access", "from", FROM, "to", TO, "line", 1);
		for (int i = 0; i < 2; i++) {
			long began = System.nanoTime();
			assertThat(call.reply().ok()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
		this.emulator.faults().reset();
		long began = System.nanoTime();
		assertThat(call.reply().ok()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(300));
	}

	@Test
	void incompleteRepeatsAnswerOneToThreeWrongPagesThenTheRightOne() throws Exception {
		this.stable.faults().incompleteRepeats(1, 3);
		Set<Integer> repeatCounts = new HashSet<>();
		for (int offset = 0; offset < 1_600; offset += 100) {
			List<SlsLog> right = ACCESS.subList(Math.min(offset, ACCESS.size()), Math.min(offset + 100, ACCESS.size()));
			SlsCall call = stableCall().logs("access", "from", FROM, "to", TO, "offset", offset);
			int incomplete = 0;
			SlsReply reply;
			while (!(reply = call.reply()).complete()) {
				incomplete++;
				assertThat(reply.header("x-log-progress")).isEqualTo("Incomplete");
				assertThat(reply.header("x-log-count")).isEqualTo(Integer.toString(reply.logs().size()));
				assertThat(reply.logs()).as("Incomplete page %d at offset %d", incomplete, offset).isNotEqualTo(right);
				assertThat(incomplete).isLessThanOrEqualTo(3);
			}
			assertThat(incomplete).isBetween(1, 3);
			repeatCounts.add(incomplete);
			assertThat(reply.logs()).isEqualTo(right);
			assertThat(call.reply().complete()).as("once complete, stays complete").isTrue();
		}
		assertThat(repeatCounts).as("k varies between requests").hasSizeGreaterThan(1);
		assertThat(this.stable.servedCount()).isEqualTo(32);
		assertThat(this.stable.servedRecordCount()).as("complete answers only, each page twice").isEqualTo(2 * 1_505);
	}

	@Test
	void anIncompleteV2AnswerSaysSoInMetaAndCarriesWrongRows() throws Exception {
		this.stable.faults().incompleteRepeats(2, 2);
		SlsCall call = stableCall().logsV2("access", "{\"from\":" + FROM + ",\"to\":" + TO + ",\"line\":100,\"offset\":200}");
		SlsReply first = call.reply();
		SlsReply second = call.reply();
		SlsReply third = call.reply();
		assertThat(first.progress()).isEqualTo("Incomplete");
		assertThat(first.meta().get("count").intValue()).isEqualTo(first.logs().size());
		// the first wrong page is missing rows, the second comes from a neighbouring offset
		assertThat(first.logs()).hasSizeLessThan(100).isSubsetOf(ACCESS.subList(200, 300));
		assertThat(second.progress()).isEqualTo("Incomplete");
		assertThat(second.logs()).hasSize(100).isEqualTo(ACCESS.subList(250, 350));
		assertThat(third.complete()).isTrue();
		assertThat(third.logs()).isEqualTo(ACCESS.subList(200, 300));
		// past the end the right page is empty; the Incomplete one repeats the page before it
		SlsCall end = stableCall().logs("access", "from", FROM, "to", TO, "offset", 1_505);
		SlsReply wrongEnd = end.reply();
		assertThat(wrongEnd.complete()).isFalse();
		assertThat(wrongEnd.logs()).isEqualTo(ACCESS.subList(1_405, 1_505));
	}

	@Test
	void incompleteForeverNeverCompletesThatLogstoreOnly() throws Exception {
		this.emulator.faults().incompleteForever("access", true);
		SlsCall call = call().logs("access", "from", FROM, "to", TO, "line", 10);
		for (int i = 0; i < 8; i++) {
			assertThat(call.reply().complete()).isFalse();
		}
		SlsReply tiny = call().logs("tiny", "from", FROM, "to", TO).reply();
		assertThat(tiny.complete()).isTrue();
		assertThat(call().histograms("access", "from", FROM, "to", TO).reply().complete()).isTrue();
		this.emulator.faults().incompleteForever("access", false);
		SlsReply complete = call.reply();
		assertThat(complete.complete()).isTrue();
		assertThat(this.emulator.servedCount()).isEqualTo(3);
		assertThat(this.emulator.servedRecordCount()).as("a histogram carries no records, an Incomplete page is not served")
			.isEqualTo(complete.logs().size() + tiny.logs().size());
	}

	@Test
	void histogramIncompleteRepeatsGiveWrongCountsThenTheRightOnes() throws Exception {
		this.emulator.faults().histogramIncompleteRepeats(2, 2);
		SlsCall call = call().histograms("access", "from", FROM, "to", TO);
		for (int i = 0; i < 2; i++) {
			SlsReply wrong = call.reply();
			assertThat(wrong.complete()).isFalse();
			assertThat(wrong.buckets()).extracting(SlsReply.Bucket::progress).containsOnly("Incomplete");
			assertThat(wrong.total()).isNotEqualTo(1_505);
		}
		SlsReply right = call.reply();
		assertThat(right.complete()).isTrue();
		assertThat(right.total()).isEqualTo(1_505);
		// an empty range is wrong too while Incomplete
		SlsCall empty = call().histograms("access", "from", TO + 10, "to", TO + 20);
		assertThat(empty.reply().total()).isEqualTo(1);
		assertThat(empty.reply().total()).isEqualTo(1);
		assertThat(empty.reply().total()).isZero();
		// GetLogs is unaffected
		assertThat(call().logs("access", "from", FROM, "to", TO).reply().complete()).isTrue();
	}

	// dataset behaviour on the wire

	@Test
	void lateLogsAppearOnlyAfterTheGivenNumberOfServedAnswers() throws Exception {
		SlsCall call = stableCall().logs("tiny", "from", FROM, "to", TO);
		for (int served = 0; served < 3; served++) {
			assertThat(call.reply().logs()).as("after %d answers", served).hasSize(40);
		}
		assertThat(call.reply().logs()).hasSize(44).isEqualTo(DATASET.logs("shop", "tiny"));
		assertThat(stableCall().histograms("tiny", "from", FROM, "to", TO).reply().total()).isEqualTo(44);
	}

	@Test
	void identicalLogsAppearAsManyTimesAsTheSourceHoldsThem() throws Exception {
		Map<SlsLog, Long> copies = ACCESS.stream().collect(Collectors.groupingBy((log) -> log, Collectors.counting()));
		SlsLog copied = copies.entrySet().stream().filter((entry) -> entry.getValue() > 1).findFirst().orElseThrow().getKey();
		List<SlsLog> atThatInstant = stableCall().logs("access", "from", copied.time(), "fromNs", copied.nsPart(), "to",
				copied.time(), "toNs", copied.nsPart() + 1).reply().logs();
		assertThat(atThatInstant).hasSize(copies.get(copied).intValue()).containsOnly(copied);
		assertThat(copies.values().stream().mapToLong(Long::longValue).sum() - copies.size()).isEqualTo(5);
		assertThat(call().histograms("access", "from", FROM, "to", TO).reply().total()).isEqualTo(ACCESS.size());
	}

	// limits and hooks

	@Test
	void moreThanTheReadQpsInOneSecondIsReadQuotaExceededPerProject() throws Exception {
		try (SlsEmulator limited = builder().readQpsPerProject(3).build().start()) {
			SlsCall shop = SlsCall.to(limited, this.clock, "shop", AK, SECRET).logs("access", "from", FROM, "to", TO, "line", 1);
			SlsCall other = SlsCall.to(limited, this.clock, "other", AK, SECRET).logs("events", "from", FROM, "to", TO);
			for (int i = 0; i < 2; i++) {
				assertError(SlsCall.to(limited, this.clock, "shop", AK, "wrong").logs("access", "from", FROM, "to", TO), 401,
						"SignatureNotMatch");
			}
			for (int i = 0; i < 3; i++) {
				assertThat(shop.reply().ok()).isTrue();
			}
			SlsReply fourth = shop.reply();
			assertThat(fourth.status()).isEqualTo(403);
			assertThat(fourth.errorCode()).isEqualTo("ReadQuotaExceed");
			assertThat(fourth.errorMessage()).isEqualTo("Read QPS Exceed");
			assertThat(other.reply().ok()).as("another project has its own limit").isTrue();
			assertThat(limited.throttledCount()).isEqualTo(1);
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(shop.reply().ok()).isTrue();
			assertThat(limited.maxRequestsInAnySecond("shop")).isEqualTo(4);
			assertThat(limited.maxRequestsInAnySecond("other")).isEqualTo(1);
			assertThat(limited.maxRequestsInAnySecond("nobody")).isZero();
			assertThat(limited.servedCount()).isEqualTo(5);
			assertThat(limited.requestCount()).isEqualTo(8);
		}
	}

	@Test
	void onServedIsCalledWithTheRunningCountAfterEachCompleteAnswer() throws Exception {
		BlockingQueue<Integer> seen = new LinkedBlockingQueue<>();
		this.emulator.onServed(seen::add);
		this.emulator.faults().incompleteRepeats(1, 1).histogramIncompleteRepeats(1, 1);
		SlsCall good = call().logs("access", "from", FROM, "to", TO, "line", 5);
		assertThat(good.reply().complete()).isFalse();
		assertThat(good.reply().complete()).isTrue();
		call().logs("missing", "from", FROM, "to", TO).reply();
		assertThat(call().histograms("access", "from", FROM, "to", TO).reply().complete()).isFalse();
		assertThat(call().histograms("access", "from", FROM, "to", TO).reply().complete()).isTrue();
		assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(seen).isEmpty();
		assertThat(this.emulator.servedCount()).isEqualTo(2);
	}

	@Test
	void listensOnLoopbackOnly() {
		assertThat(this.emulator.endpoint().toString()).isEqualTo("http://127.0.0.1:" + this.emulator.port());
		assertThat(this.emulator.dataset()).isSameAs(DATASET);
	}

	private SlsEmulator.Builder builder() {
		return SlsEmulator.builder()
			.clock(this.clock)
			.credential(AK, SECRET)
			.credential("STS.sandbox", "sts-secret", "sts-token")
			.dataset(DATASET);
	}

	private SlsCall call() {
		return SlsCall.to(this.emulator, this.clock, "shop", AK, SECRET);
	}

	private SlsCall stableCall() {
		return SlsCall.to(this.stable, this.clock, "shop", AK, SECRET);
	}

	/** Every page from offset 0 until an empty Complete page, as the documented paging loop does. */
	private List<SlsLog> exportAll(SlsEmulator target, String logstore, Object... params) throws Exception {
		List<SlsLog> exported = new ArrayList<>();
		for (int offset = 0;; offset += 100) {
			Object[] withPage = Stream.concat(Arrays.stream(params), Stream.of("line", 100, "offset", offset)).toArray();
			SlsReply page = SlsCall.to(target, this.clock, "shop", AK, SECRET).logs(logstore, withPage).reply();
			assertThat(page.ok()).as("%s", page).isTrue();
			assertThat(page.complete()).isTrue();
			if (page.logs().isEmpty()) {
				return exported;
			}
			exported.addAll(page.logs());
		}
	}

	private static long countIn(long fromSecond, long toSecond) {
		return ACCESS.stream().filter((log) -> log.time() >= fromSecond && log.time() < toSecond).count();
	}

	private static List<SlsLog> filter(Predicate<SlsLog> predicate) {
		return ACCESS.stream().filter(predicate).toList();
	}

	private static String md5(String body) {
		return SlsSigner.contentMd5(body.getBytes(StandardCharsets.UTF_8));
	}

	private String now() {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(this.clock.instant().atOffset(ZoneOffset.UTC));
	}

	/** Sends a signed request again with one change made after signing. */
	private static HttpResponse<String> resend(SlsCall call, UnaryOperator<HttpRequest.Builder> change)
			throws Exception {
		HttpRequest.Builder copy = HttpRequest.newBuilder(call.request(), (name, value) -> true);
		return SlsCall.HTTP.send(change.apply(copy).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertError(SlsCall call, int status, String code) throws Exception {
		SlsReply reply = call.reply();
		assertThat(reply.status()).as("%s", reply).isEqualTo(status);
		assertThat(reply.errorCode()).as("%s", reply).isEqualTo(code);
		assertThat(reply.requestId()).isNotBlank();
	}

}
