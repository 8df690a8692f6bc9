package dev.logtally.sandbox.cls;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.logtally.testing.MutableClock;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClsEmulatorTest {

	private static final Instant HOUR = Instant.parse("2026-11-20T00:00:00Z");

	private static final Instant BURST = HOUR.plusMillis(1_800_123);

	private static final String TOPIC = "c3a1e2f0-0000-4000-8000-000000000001";

	private static final String BIG = "c3a1e2f0-0000-4000-8000-000000000002";

	private static final String ID = "AKIDclsTEST";

	private static final String KEY = "cls-secret-key";

	private static final long FROM = HOUR.toEpochMilli();

	private static final long TO = HOUR.plusSeconds(7_200).toEpochMilli();

	private static final ClsDataset DATASET = ClsDataset.builder(27)
		.topic(TOPIC, HOUR, HOUR.plusSeconds(7_200), 600)
		.burst(TOPIC, BURST, 40)
		.identical(TOPIC, 5)
		.topic(BIG, HOUR, HOUR.plusSeconds(3_600), 12_500)
		.build();

	/** Orders logs completely, so that lists with shuffled ties can be compared. */
	private static final Comparator<ClsLog> TOTAL = Comparator.comparingLong(ClsLog::time)
		.thenComparing(ClsLog::pkgId)
		.thenComparing(ClsLog::pkgLogId)
		.thenComparing(ClsLog::logJson);

	private final MutableClock clock = new MutableClock(HOUR.plus(Duration.ofHours(30)));

	private ClsEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = ClsEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.credential("AKIDtemporary", "temporary-key", "session-token")
			.dataset(DATASET)
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void contextPagingReturnsEveryLogOfTheRangeOnceInAscendingTimeOrder() throws Exception {
		List<ClsLog> received = new ArrayList<>();
		String context = null;
		int pages = 0;
		while (true) {
			ClsReply page = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "QueryString", "*", "QuerySyntax", 1,
					"Sort", "asc", "Limit", 100, "Context", context).reply();
			received.addAll(page.logs());
			pages++;
			context = page.context();
			if (page.listOver()) {
				break;
			}
		}
		assertThat(pages).isEqualTo(7);
		assertThat(received).isSortedAccordingTo(Comparator.comparingLong(ClsLog::time));
		assertThat(sorted(received)).hasSize(645).isEqualTo(sorted(DATASET.logs(TOPIC)));
		assertThat(this.emulator.servedCount()).isEqualTo(7);
		assertThat(this.emulator.servedRecordCount()).isEqualTo(645);
		assertThat(this.emulator.requestCount(ClsEmulator.SEARCH_LOG)).isEqualTo(7);
	}

	@Test
	void writesEachLogAsALogInfoWithItsFieldsAsAJsonString() throws Exception {
		HttpResponse<String> response = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Sort", "asc", "Limit", 1)
			.send();
		ClsLog first = DATASET.logs(TOPIC).get(0);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).contains("\"Analysis\":false", "\"ColNames\":[]", "\"ListOver\":false",
				"\"Time\":" + first.time() + ",", "\"PkgLogId\":\"" + first.pkgLogId() + "\"",
				"\"LogJson\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(first.logJson()));
		ClsReply reply = ClsReply.parse(response.body());
		assertThat(reply.logs()).containsExactly(first);
		assertThat(UUID.fromString(reply.requestId())).isNotNull();
		assertThat(reply.context()).isNotBlank();
	}

	@Test
	void descendingIsTheDefaultOrder() throws Exception {
		List<ClsLog> page = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 1000).reply().logs();
		assertThat(page).hasSize(645).isSortedAccordingTo(Comparator.comparingLong(ClsLog::time).reversed());
	}

	@Test
	void withoutALimitAPageHoldsOneHundredLogs() throws Exception {
		ClsReply page = search().with("TopicId", TOPIC, "From", FROM, "To", TO).reply();
		assertThat(page.logs()).hasSize(100);
		assertThat(page.listOver()).isFalse();
	}

	@Test
	void keepsLogsFromFromUpToButNotIncludingTo() throws Exception {
		List<ClsLog> logs = DATASET.logs(TOPIC);
		long from = logs.get(100).time();
		long to = logs.get(200).time();
		List<ClsLog> page = search().with("TopicId", TOPIC, "From", from, "To", to, "Sort", "asc", "Limit", 1000)
			.reply()
			.logs();
		assertThat(sorted(page)).isEqualTo(sorted(DATASET.logs(TOPIC, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))));
		assertThat(page).extracting(ClsLog::time).contains(from).doesNotContain(to);
	}

	@Test
	void logsSharingAMillisecondComeBackInANewOrderOnEveryQuery() throws Exception {
		long ms = BURST.toEpochMilli();
		List<ClsLog> first = search().with("TopicId", TOPIC, "From", ms, "To", ms + 1, "Sort", "asc", "Limit", 100)
			.reply()
			.logs();
		List<ClsLog> second = search().with("TopicId", TOPIC, "From", ms, "To", ms + 1, "Sort", "asc", "Limit", 100)
			.reply()
			.logs();
		assertThat(first).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(second);
		assertThat(sorted(first)).isEqualTo(sorted(second));
		assertThat(first).filteredOn((log) -> log.pkgId().isEmpty()).isNotEmpty();
		try (ClsEmulator stable = ClsEmulator.builder().credential(ID, KEY).dataset(DATASET).unstableOrder(false).start()) {
			ClsCall call = ClsCall.search(stable, ID, KEY, java.time.Clock.systemUTC())
				.with("TopicId", TOPIC, "From", ms, "To", ms + 1, "Sort", "asc", "Limit", 100);
			assertThat(call.reply().logs()).isEqualTo(call.reply().logs());
		}
	}

	@Test
	void aQuerysContextKeepsItsOrderSoTiesArePagedOnceEach() throws Exception {
		long ms = BURST.toEpochMilli();
		List<ClsLog> received = new ArrayList<>();
		String context = null;
		do {
			ClsReply page = search().with("TopicId", TOPIC, "From", ms, "To", ms + 1, "Sort", "asc", "Limit", 7, "Context",
					context).reply();
			received.addAll(page.logs());
			context = page.listOver() ? null : page.context();
		}
		while (context != null);
		assertThat(sorted(received)).isEqualTo(sorted(DATASET.logs(TOPIC, BURST, BURST.plusMillis(1))));
	}

	@Test
	void aResentContextGetsTheSamePageAgain() throws Exception {
		String context = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50).reply().context();
		ClsCall next = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", context);
		assertThat(next.reply().logs()).hasSize(50).isEqualTo(next.reply().logs());
	}

	@Test
	void contextPagingEndsWithListOverAtTheTenThousandthLogEvenWhenMoreMatch() throws Exception {
		long bigTo = HOUR.plusSeconds(3_600).toEpochMilli();
		int received = 0;
		String context = null;
		ClsReply page;
		do {
			page = search().with("TopicId", BIG, "From", FROM, "To", bigTo, "Sort", "asc", "Limit", 1000, "Context", context)
				.reply();
			received += page.logs().size();
			context = page.context();
		}
		while (!page.listOver());
		assertThat(received).isEqualTo(10_000);
		ClsReply after = search().with("TopicId", BIG, "From", FROM, "To", bigTo, "Sort", "asc", "Limit", 1000, "Context",
				context).reply();
		assertThat(after.logs()).isEmpty();
		assertThat(after.listOver()).isTrue();
		// Offset paging has no such cap
		assertThat(search().with("TopicId", BIG, "From", FROM, "To", bigTo, "Offset", 12_000, "Limit", 1000).reply().logs())
			.hasSize(500);
	}

	@Test
	void aContextExpiresAnHourAfterItWasIssued() throws Exception {
		String context = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50).reply().context();
		this.clock.advance(Duration.ofMinutes(59));
		ClsReply second = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", context).reply();
		assertThat(second.ok()).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", context)
			.reply()
			.errorCode())
			.isEqualTo("FailedOperation.InvalidContext");
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", second.context())
			.reply()
			.ok()).as("issued a minute later, it lives a minute longer").isTrue();
	}

	@Test
	void expireContextsInvalidatesEveryContextIssuedSoFarOnly() throws Exception {
		String context = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50).reply().context();
		this.emulator.faults().expireContexts();
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", context)
			.reply()
			.errorCode())
			.isEqualTo("FailedOperation.InvalidContext");
		String fresh = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50).reply().context();
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", fresh).reply().ok())
			.isTrue();
	}

	@Test
	void aContextIsContinuedOnlyWithTheParametersThatIssuedIt() throws Exception {
		String context = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50).reply().context();
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 60, "Context", context)
			.reply()
			.errorCode())
			.isEqualTo("InvalidParameter");
		assertThat(search().with("TopicId", TOPIC, "From", FROM + 1, "To", TO, "Limit", 50, "Context", context)
			.reply()
			.errorCode()).isEqualTo("InvalidParameter");
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 50, "Context", "no-such-context")
			.reply()
			.errorCode()).isEqualTo("FailedOperation.InvalidContext");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '~', textBlock = """
			{"TopicId":"%s","From":%d,"To":%d,"Limit":1001}                              ~ InvalidParameter
			{"TopicId":"%s","From":%d,"To":%d,"Limit":0}                                 ~ InvalidParameter
			{"TopicId":"%s","From":%2$d,"To":%2$d}                                       ~ InvalidParameter
			{"From":%2$d,"To":%3$d}                                                      ~ MissingParameter
			{"TopicId":"%s","To":%3$d}                                                   ~ MissingParameter
			{"TopicId":"%s","From":"%d","To":%d}                                         ~ InvalidParameter
			{"TopicId":"%s","From":%d,"To":%d,"Limits":10}                               ~ UnknownParameter
			{"TopicId":"%s","From":%d,"To":%d,"Sort":"up"}                               ~ InvalidParameter
			{"TopicId":"%s","From":%d,"To":%d,"QueryString":"* | select level, count(*) as c group by level"} ~ FailedOperation.SyntaxError
			{"TopicId":"%s","From":%d,"To":%d,"QueryString":"level=ERROR"}               ~ FailedOperation.SyntaxError
			{"TopicId":"%s","From":%d,"To":%d,"QueryString":"*","Query":"*"}             ~ InvalidParameter
			{"TopicId":"%s","From":%d,"To":%d,"Query":"level:\\"ERROR\\""}               ~ FailedOperation.SyntaxError
			{"TopicId":"%s","From":%d,"To":%d,"Offset":10,"Context":"x"}                 ~ InvalidParameter
			{"TopicId":"%s","From":%d,"To":%d,"Topics":[{"TopicId":"x"}]}                ~ InvalidParameter
			not json                                                                     ~ InvalidParameter
			""")
	void refusesBadSearchParametersWithTheirCode(String template, String code) throws Exception {
		String body = template.contains("%") ? template.formatted(TOPIC, FROM, TO) : template;
		assertThat(search().rawBody(body).reply().errorCode()).isEqualTo(code);
		assertThat(this.emulator.servedCount()).isZero();
	}

	@Test
	void anUnknownTopicIsTopicNotExist() throws Exception {
		assertThat(search().with("TopicId", "no-such-topic", "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("ResourceNotFound.TopicNotExist");
		assertThat(histogram().with("TopicId", "no-such-topic", "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("ResourceNotFound.TopicNotExist");
	}

	@Test
	void cqlTermsJoinedByAndFilterOnFieldValuesInEitherQueryField() throws Exception {
		List<ClsLog> errors = DATASET.logs(TOPIC)
			.stream()
			.filter((log) -> "ERROR".equals(log.fields().get("level")) && "web-1".equals(log.hostName()))
			.toList();
		String statement = "level:\"ERROR\" AND __HOSTNAME__:web-1";
		assertThat(sorted(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 1000, "QueryString", statement)
			.reply()
			.logs())).isNotEmpty().isEqualTo(sorted(errors));
		assertThat(sorted(search()
			.with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 1000, "Query", statement, "SyntaxRule", 1)
			.reply()
			.logs())).isEqualTo(sorted(errors));
		assertThat(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO, "Query", statement, "SyntaxRule", 1)
			.reply()
			.totalCount()).isEqualTo(errors.size());
	}

	@Test
	void anSqlCountCountsTheStoredLogsWithinItsHalfOpenTimestampBoundsExactlyInBothAnswerShapes() throws Exception {
		long burst = BURST.toEpochMilli();
		long inBurst = DATASET.logs(TOPIC).stream().filter((log) -> log.time() == burst).count();
		assertThat(inBurst).isGreaterThanOrEqualTo(40);

		ClsReply whole = sqlCount(TOPIC, FROM, TO, "*", "");
		ClsReply millisecond = sqlCount(TOPIC, FROM, TO, "*",
				" where __TIMESTAMP__ >= " + burst + " and __TIMESTAMP__ < " + (burst + 1));

		assertThat(whole.response().get("Analysis").booleanValue()).isTrue();
		assertThat(whole.listOver()).isTrue();
		assertThat(whole.response().get("Results")).isEmpty();
		assertThat(whole.response().get("Columns").get(0).get("Name").stringValue()).isEqualTo("c");
		assertThat(whole.response().get("AnalysisResults").get(0).get("Data").get(0).get("Value").stringValue())
			.isEqualTo(Long.toString(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO).reply().totalCount()));
		assertThat(count(whole)).isEqualTo(645);
		assertThat(count(millisecond)).isEqualTo(inBurst);
		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", " where __TIMESTAMP__ > " + (burst - 1)
				+ " and __TIMESTAMP__ <= " + burst))).as("> and <=").isEqualTo(inBurst);
		assertThat(count(sqlCount(TOPIC, burst, burst + 1, "*", ""))).as("From and To as a search keeps them")
			.isEqualTo(inBurst);
		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", " where __TIMESTAMP__ >= " + (burst + 1)
				+ " and __TIMESTAMP__ < " + (burst + 1)))).isZero();
	}

	@Test
	void anSqlEqualityHoldsAFieldToExactlyItsValueAfterTheStatementsFilter() throws Exception {
		long errors = DATASET.logs(TOPIC).stream().filter((log) -> "ERROR".equals(log.fields().get("level"))).count();
		long errorsOnWeb1 = DATASET.logs(TOPIC)
			.stream()
			.filter((log) -> "ERROR".equals(log.fields().get("level")) && "web-1".equals(log.hostName()))
			.count();
		assertThat(errorsOnWeb1).isPositive().isLessThan(errors);

		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", " where \"level\" = 'ERROR'"))).isEqualTo(errors);
		assertThat(count(sqlCount(TOPIC, FROM, TO, "__HOSTNAME__:web-1", " where \"level\" = 'ERROR'")))
			.isEqualTo(errorsOnWeb1);
		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", " where \"level\" = 'ERRO'"))).as("no prefix match").isZero();
		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", " WHERE \"level\" = 'it''s'"))).as("a quote doubled").isZero();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '~', quoteCharacter = '^', textBlock = """
			* | select count(*)                                           ~ FailedOperation.SyntaxError
			* | select count(*) as c group by level                       ~ FailedOperation.SyntaxError
			* | select * limit 10                                         ~ FailedOperation.SyntaxError
			* | select count(*) as c where level = 'ERROR'                ~ FailedOperation.SyntaxError
			* | select count(*) as c where __TIMESTAMP__ = 5              ~ FailedOperation.SyntaxError
			* | select count(*) as c where "level" = 'unterminated       ~ FailedOperation.SyntaxError
			* | select count(*) as c where __TIMESTAMP__ >= 1 or "a" = 'b' ~ FailedOperation.SyntaxError
			level=ERROR | select count(*) as c                            ~ FailedOperation.SyntaxError
			""")
	void refusesSqlBeyondTheCountItRunsAsASyntaxError(String statement, String code) throws Exception {
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "QueryString", statement, "QuerySyntax", 1)
			.reply()
			.errorCode()).isEqualTo(code);
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "QueryString", "* | select count(*) as c",
				"Context", "x").reply().errorCode()).as("no Context for SQL").isEqualTo("InvalidParameter");
		assertThat(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO, "Query", "* | select count(*) as c",
				"SyntaxRule", 1).reply().errorCode()).as("no SQL in a histogram").isEqualTo("InvalidParameter");
		assertThat(this.emulator.servedCount()).isZero();
	}

	@Test
	void sqlFaultsMakeOneTopicsCountDisagreeOrRefuseItUntilReset() throws Exception {
		this.emulator.faults().sqlCountOffBy(TOPIC, 3).refuseSql(BIG);

		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", ""))).isEqualTo(648);
		assertThat(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO).reply().totalCount()).isEqualTo(645);
		ClsReply refused = sqlCount(BIG, FROM, TO, "*", "");
		assertThat(refused.errorCode()).isEqualTo("FailedOperation.QueryError");
		assertThat(refused.errorMessage()).contains(BIG, "no statistics");
		assertThat(search().with("TopicId", BIG, "From", FROM, "To", TO, "Limit", 10).reply().logs())
			.as("a search is not SQL").hasSize(10);

		this.emulator.faults().reset();

		assertThat(count(sqlCount(TOPIC, FROM, TO, "*", ""))).isEqualTo(645);
		assertThat(count(sqlCount(BIG, FROM, TO, "*", ""))).isEqualTo(12_500);
	}

	@Test
	void anSqlCountHoldsOneOfItsTopicsFifteenPlacesForQueriesInFlight() throws Exception {
		this.emulator.faults().holdAfter(0);
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			held.add(ClsCall.HTTP.sendAsync(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "QueryString",
					"* | select count(*) as c", "SamplingRate", 1, "UseNewAnalysis", true).request(),
					HttpResponse.BodyHandlers.ofString()));
		}
		this.emulator.faults().awaitHeld(15, Duration.ofSeconds(30));
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("LimitExceeded.LogSearch");
		this.emulator.faults().release();
		for (CompletableFuture<HttpResponse<String>> response : held) {
			assertThat(count(ClsReply.parse(response.get().body()))).isEqualTo(645);
		}
	}

	@Test
	void histogramBucketsStartAtMultiplesOfTheIntervalFromTheBucketHoldingFromToTheOneHoldingTo() throws Exception {
		long from = FROM + 740_862;
		long to = FROM + 900_000;
		ClsReply reply = histogram().with("TopicId", TOPIC, "From", from, "To", to, "Query", "*", "SyntaxRule", 1,
				"Interval", 1_000).reply();
		assertThat(reply.interval()).isEqualTo(1_000);
		List<long[]> buckets = reply.buckets();
		assertThat(buckets).hasSize(161);
		assertThat(buckets.get(0)[0]).isEqualTo(FROM + 740_000);
		assertThat(buckets.get(160)[0]).isEqualTo(to);
		List<ClsLog> inRange = DATASET.logs(TOPIC, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
		assertThat(reply.totalCount()).isEqualTo(inRange.size()).isPositive();
		for (long[] bucket : buckets) {
			long start = bucket[0];
			assertThat(bucket[1]).as("bucket %d", start)
				.isEqualTo(inRange.stream().filter((log) -> log.time() >= start && log.time() < start + 1_000).count());
		}
	}

	@Test
	void aHistogramHasAtMostTwoHundredIntervalsAndCountsWhatASearchReturns() throws Exception {
		assertThat(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO, "Interval", 35_999).reply().errorCode())
			.isEqualTo("InvalidParameter");
		assertThat(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO, "Interval", 0).reply().errorCode())
			.isEqualTo("InvalidParameter");
		ClsReply exact = histogram().with("TopicId", TOPIC, "From", FROM, "To", TO, "Interval", 36_000).reply();
		assertThat(exact.totalCount()).isEqualTo(645);
		assertThat(exact.buckets().stream().mapToLong((bucket) -> bucket[1]).sum()).isEqualTo(645);
		assertThat(histogram().with("TopicId", TOPIC, "From", FROM, "To", TO).reply().interval())
			.as("without Interval, the finest allowed").isEqualTo(36_000);
		long ms = BURST.toEpochMilli();
		assertThat(histogram().with("TopicId", TOPIC, "From", ms, "To", ms + 1, "Interval", 1).reply().totalCount())
			.isEqualTo(search().with("TopicId", TOPIC, "From", ms, "To", ms + 1, "Limit", 1000).reply().logs().size())
			.isGreaterThanOrEqualTo(40);
		assertThat(this.emulator.requestCount(ClsEmulator.DESCRIBE_LOG_HISTOGRAM)).isEqualTo(5);
	}

	@Test
	void signaturesAreCheckedWithTheServiceOfTheCredentialScope() throws Exception {
		// the official SDK signs with service "127" when its endpoint is 127.0.0.1:PORT
		assertThat(search().service("127").with("TopicId", TOPIC, "From", FROM, "To", TO).reply().ok()).isTrue();
		assertThat(search().key(ID, "not-the-key").with("TopicId", TOPIC, "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureFailure");
		assertThat(search().key("AKIDnobody", KEY).with("TopicId", TOPIC, "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("AuthFailure.SecretIdNotFound");
		String today = this.clock.instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
		String yesterday = this.clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1).toString();
		assertThat(search().tamperAuthorization((header) -> header.replace(today, yesterday))
			.with("TopicId", TOPIC, "From", FROM, "To", TO)
			.reply()
			.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
		assertThat(search().tamperAuthorization((header) -> header.replace("/127/", "/cls/"))
			.service("127")
			.with("TopicId", TOPIC, "From", FROM, "To", TO)
			.reply()
			.errorCode()).as("a scope that names another service than the one signed with")
			.isEqualTo("AuthFailure.SignatureFailure");
	}

	@Test
	void aTimestampMoreThanFiveMinutesOffIsSignatureExpire() throws Exception {
		long now = this.clock.instant().getEpochSecond();
		assertThat(search().timestamp(now - 301).with("TopicId", TOPIC, "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureExpire");
		assertThat(search().timestamp(now + 301).with("TopicId", TOPIC, "From", FROM, "To", TO).reply().errorCode())
			.isEqualTo("AuthFailure.SignatureExpire");
		assertThat(search().timestamp(now - 300).with("TopicId", TOPIC, "From", FROM, "To", TO).reply().ok()).isTrue();
	}

	@Test
	void aTemporaryCredentialRequiresItsToken() throws Exception {
		ClsCall temporary = search().key("AKIDtemporary", "temporary-key").with("TopicId", TOPIC, "From", FROM, "To", TO);
		assertThat(temporary.reply().errorCode()).isEqualTo("AuthFailure.TokenFailure");
		assertThat(temporary.header("X-TC-Token", "session-token").reply().ok()).isTrue();
	}

	@Test
	void checksTheCommonHeaders() throws Exception {
		ClsReply noRegion = search().header("X-TC-Region", null).with("TopicId", TOPIC, "From", FROM, "To", TO).reply();
		assertThat(noRegion.errorCode()).isEqualTo("MissingParameter");
		assertThat(noRegion.errorMessage()).contains("X-TC-Region");
		assertThat(search().header("X-TC-Action", "CreateExport").reply().errorCode()).isEqualTo("InvalidAction");
		assertThat(search().header("X-TC-Version", "2018-04-16").reply().errorCode()).isEqualTo("NoSuchVersion");
	}

	@Test
	void theRequestAboveTheRateLimitInOneSecondIsRequestLimitExceeded() throws Exception {
		try (ClsEmulator limited = ClsEmulator.builder().clock(this.clock).credential(ID, KEY).dataset(DATASET)
			.rateLimitPerSecond(3)
			.start()) {
			ClsCall call = ClsCall.search(limited, ID, KEY, this.clock).with("TopicId", TOPIC, "From", FROM, "To", TO);
			for (int i = 0; i < 3; i++) {
				assertThat(call.reply().ok()).isTrue();
			}
			assertThat(call.reply().errorCode()).isEqualTo("RequestLimitExceeded");
			assertThat(limited.throttledCount()).isEqualTo(1);
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(call.reply().ok()).isTrue();
			assertThat(limited.maxRequestsInAnySecond(ID)).isEqualTo(4);
		}
	}

	@Test
	void theSixteenthQueryInFlightOnATopicIsLimitExceededLogSearch() throws Exception {
		this.emulator.faults().holdAfter(0);
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			held.add(ClsCall.HTTP.sendAsync(search().with("TopicId", TOPIC, "From", FROM, "To", TO).request(),
					HttpResponse.BodyHandlers.ofString()));
		}
		this.emulator.faults().awaitHeld(15, Duration.ofSeconds(30));
		ClsReply sixteenth = histogram().with("TopicId", TOPIC, "From", FROM, "To", TO).reply();
		assertThat(sixteenth.errorCode()).isEqualTo("LimitExceeded.LogSearch");
		assertThat(sixteenth.errorMessage()).contains(TOPIC, "15");
		this.emulator.faults().release();
		for (CompletableFuture<HttpResponse<String>> response : held) {
			assertThat(ClsReply.parse(response.get().body()).ok()).isTrue();
		}
		assertThat(this.emulator.maxInFlight(TOPIC)).isEqualTo(15);
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO).reply().ok()).as("places are given back")
			.isTrue();
	}

	@Test
	void queuedFaultsHitTheNextRequestsInOrderAndAreNotServed() throws Exception {
		this.emulator.faults().throttle(1).internalError(1).searchTimeout(1).failWithHttpStatus(503, 1).dropConnections(1);
		ClsCall call = search().with("TopicId", TOPIC, "From", FROM, "To", TO);
		assertThat(call.reply().errorCode()).isEqualTo("RequestLimitExceeded");
		assertThat(call.reply().errorCode()).isEqualTo("InternalError.SearchFailed");
		assertThat(call.reply().errorCode()).isEqualTo("FailedOperation.SearchTimeout");
		HttpResponse<String> gateway = call.send();
		assertThat(gateway.statusCode()).isEqualTo(503);
		assertThat(gateway.body()).contains("503 Service Unavailable");
		assertThatThrownBy(call::send).isInstanceOf(IOException.class);
		assertThat(this.emulator.servedCount()).isZero();
		assertThat(this.emulator.throttledCount()).as("an injected throttle is not the rate limit's").isZero();
		assertThat(call.reply().ok()).isTrue();
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void searchResultTooLargeRefusesLargerPagesUntilReset() throws Exception {
		this.emulator.faults().searchResultTooLarge(100);
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 101).reply().errorCode())
			.isEqualTo("LimitExceeded.SearchResultTooLarge");
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 100).reply().logs()).hasSize(100);
		this.emulator.faults().reset();
		assertThat(search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 101).reply().logs()).hasSize(101);
	}

	@Test
	void addedLogsJoinTheTopicOnceTheGivenNumberOfAnswersWasServed() throws Exception {
		Instant from = HOUR.plusSeconds(600);
		Instant to = HOUR.plusSeconds(660);
		int before = DATASET.logs(TOPIC, from, to).size();
		this.emulator.faults().addLogs(TOPIC, from, to, 25, 2);
		ClsCall count = histogram().with("TopicId", TOPIC, "From", from.toEpochMilli(), "To", to.toEpochMilli());
		assertThat(count.reply().totalCount()).isEqualTo(before);
		assertThat(count.reply().totalCount()).isEqualTo(before);
		assertThat(count.reply().totalCount()).isEqualTo(before + 25);
		List<ClsLog> found = search().with("TopicId", TOPIC, "From", from.toEpochMilli(), "To", to.toEpochMilli(), "Limit",
				1000).reply().logs();
		assertThat(sorted(found)).hasSize(before + 25)
			.isEqualTo(sorted(this.emulator.logs(TOPIC)
				.stream()
				.filter((log) -> log.time() >= from.toEpochMilli() && log.time() < to.toEpochMilli())
				.toList()));
		assertThat(this.emulator.logs(TOPIC)).hasSize(645 + 25);
	}

	@Test
	void aContextPagesTheTopicAsItStoodAtItsFirstPageWhileLogsAreAdded() throws Exception {
		Instant from = HOUR.plusSeconds(600);
		Instant to = HOUR.plusSeconds(1_200);
		List<ClsLog> before = DATASET.logs(TOPIC, from, to);
		List<ClsLog> received = new ArrayList<>();
		String context = null;
		ClsReply page;
		do {
			page = search().with("TopicId", TOPIC, "From", from.toEpochMilli(), "To", to.toEpochMilli(), "Sort", "asc",
					"Limit", 10, "Context", context).reply();
			received.addAll(page.logs());
			context = page.context();
			if (received.size() == 10) {
				this.emulator.faults().addLogs(TOPIC, from, to, 40, 0);
			}
		}
		while (!page.listOver());
		assertThat(sorted(received)).hasSize(before.size()).isEqualTo(sorted(before));
		assertThat(search().with("TopicId", TOPIC, "From", from.toEpochMilli(), "To", to.toEpochMilli(), "Limit", 1000)
			.reply()
			.logs()).as("a new query sees them").hasSize(before.size() + 40);
	}

	@Test
	void identicalCopiesAreReturnedAsOftenAsTheyAreStored() throws Exception {
		List<ClsLog> all = search().with("TopicId", TOPIC, "From", FROM, "To", TO, "Limit", 1000).reply().logs();
		assertThat(all).hasSize(645);
		assertThat(all.stream().distinct().count()).isEqualTo(640);
	}

	private ClsCall search() {
		return ClsCall.search(this.emulator, ID, KEY, this.clock);
	}

	private ClsCall histogram() {
		return ClsCall.histogram(this.emulator, ID, KEY, this.clock);
	}

	/** One SQL count: {@code statement | select count(*) as c<where>}, at sampling rate 1, new analysis. */
	private ClsReply sqlCount(String topic, long from, long to, String statement, String where) throws Exception {
		return search().with("TopicId", topic, "From", from, "To", to, "QueryString",
				statement + " | select count(*) as c" + where, "QuerySyntax", 1, "SamplingRate", 1,
				"UseNewAnalysis", true).reply();
	}

	/** The count of an SQL answer's one record, {@code {"c":N}}. */
	private static long count(ClsReply reply) {
		assertThat(reply.ok()).as(reply.response().toString()).isTrue();
		assertThat(reply.response().get("AnalysisRecords")).hasSize(1);
		return JsonMapper.builder().build()
			.readTree(reply.response().get("AnalysisRecords").get(0).stringValue())
			.get("c")
			.longValue();
	}

	private static List<ClsLog> sorted(List<ClsLog> logs) {
		return logs.stream().sorted(TOTAL).toList();
	}

}
