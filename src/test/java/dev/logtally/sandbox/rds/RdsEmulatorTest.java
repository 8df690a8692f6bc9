package dev.logtally.sandbox.rds;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.logtally.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RdsEmulatorTest {

	private static final String PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final String BIG = "big5265e1e5845649e354841234567dfin01";

	private static final long TWO_HUNDRED_MB = 209_715_200L;

	private static final Instant DAY = Instant.parse("2026-10-01T00:00:00Z");

	private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

	private static final String AK = "QTWAOYTTINDUT2QVKYUC";

	private static final String SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";

	private static final String TEMP_AK = "STSTEMPORARYAK";

	private static final String TEMP_SK = "temporary-sk";

	private static final String TOKEN = "sts-security-token";

	private static final RdsDataset DATASET = RdsDataset.builder(143)
		.instance(PROJECT, INSTANCE, DAY, DAY.plus(Duration.ofDays(10)), 120)
		.sizeMismatch(PROJECT, INSTANCE, 3)
		.instance(PROJECT, BIG, DAY, DAY.plus(Duration.ofDays(1)), 3)
		.largeFiles(PROJECT, BIG, 1, TWO_HUNDRED_MB)
		.build();

	private static final List<AuditFile> FILES = DATASET.files(PROJECT, INSTANCE);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Ten seconds into a minute, so a burst of requests stays in one calendar minute. */
	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T03:00:10Z"));

	private final List<String> downloadsStarted = new ArrayList<>();

	private RdsEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = RdsEmulator.builder()
			.clock(this.clock)
			.credential(AK, SK)
			.credential(TEMP_AK, TEMP_SK, TOKEN)
			.dataset(DATASET)
			.build()
			.start()
			.onDownload(this.downloadsStarted::add);
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	// listing

	@Test
	void pagesThroughAnInstanceWithOffsetAndLimitAndReportsTheTotalOnEveryPage() throws Exception {
		List<RdsReply.Listed> listed = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		for (int offset = 0;; offset += 50) {
			RdsReply page = call().list(PROJECT, INSTANCE, "start_time", local(DAY), "end_time",
					local(DAY.plus(Duration.ofDays(10))), "offset", offset, "limit", 50).reply();
			assertThat(page.ok()).as("%s", page).isTrue();
			assertThat(page.totalRecord()).isEqualTo(120);
			pageSizes.add(page.auditlogs().size());
			if (page.auditlogs().isEmpty()) {
				break;
			}
			listed.addAll(page.auditlogs());
		}
		assertThat(pageSizes).containsExactly(50, 50, 20, 0);
		assertThat(listed).hasSize(120);
		for (int i = 0; i < FILES.size(); i++) {
			assertThat(listed.get(i).describes(FILES.get(i))).as("%s vs %s", listed.get(i), FILES.get(i)).isTrue();
		}
		assertThat(this.emulator.servedCount()).isEqualTo(4);
		assertThat(this.emulator.servedRecordCount()).as("the rows of every page served").isEqualTo(120);
		RdsReply middle = call().list(PROJECT, INSTANCE, "start_time", local(DAY), "end_time",
				local(DAY.plus(Duration.ofDays(10))), "offset", 7, "limit", 3).reply();
		assertThat(middle.ids()).containsExactly(FILES.get(7).id(), FILES.get(8).id(), FILES.get(9).id());
	}

	@Test
	void aFileAcrossMidnightIsListedByTheWindowsOnBothSidesOfIt() throws Exception {
		for (ZoneOffset zone : List.of(BEIJING, ZoneOffset.UTC)) {
			AuditFile straddling = FILES.stream()
				.filter((file) -> !file.begin().atOffset(zone).toLocalDate().equals(file.end().atOffset(zone).toLocalDate()))
				.findFirst()
				.orElseThrow();
			LocalDate day = straddling.end().atOffset(zone).toLocalDate();
			Instant midnight = day.atStartOfDay().toInstant(zone);
			List<String> before = window(midnight.minus(Duration.ofDays(1)), midnight.minusSeconds(1), zone);
			List<String> after = window(midnight, midnight.plus(Duration.ofDays(1)).minusSeconds(1), zone);
			assertThat(before).contains(straddling.id());
			assertThat(after).contains(straddling.id());
			assertThat(before).isEqualTo(overlapping(midnight.minus(Duration.ofDays(1)), midnight.minusSeconds(1)));
			assertThat(after).isEqualTo(overlapping(midnight, midnight.plus(Duration.ofDays(1)).minusSeconds(1)));
		}
	}

	@Test
	void theIntervalsAreClosedSoAFileEndingAtTheWindowStartIsListed() throws Exception {
		AuditFile file = FILES.get(40);
		assertThat(window(file.end(), file.end().plusSeconds(1), BEIJING)).contains(file.id());
		assertThat(window(file.begin().minusSeconds(5), file.begin(), BEIJING)).contains(file.id());
		assertThat(window(file.end().plusSeconds(1), file.end().plusSeconds(2), BEIJING)).doesNotContain(file.id());
	}

	@Test
	void acceptsAnyNumericOffsetAndExactlyThirtyDays() throws Exception {
		RdsReply minusFive = call().list(PROJECT, INSTANCE, "start_time", "2026-09-30T19:00:00-0500", "end_time",
				"2026-10-30T19:00:00-0500", "offset", 0, "limit", 1).reply();
		assertThat(minusFive.ok()).as("%s", minusFive).isTrue();
		assertThat(minusFive.totalRecord()).isEqualTo(120);
	}

	@Test
	void answersInTheDocumentedShapeWithPlusEightHundredTimesAndDecimalKilobyteSizes() throws Exception {
		HttpResponse<String> response = call().list(PROJECT, INSTANCE, "start_time", local(DAY), "end_time",
				local(DAY.plus(Duration.ofDays(10))), "offset", 0, "limit", 50).send();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying((id) -> assertThat(id).matches("[0-9a-f]{32}"));
		JsonNode root = JSON.readTree(response.body());
		assertThat(root.propertyNames()).containsExactly("auditlogs", "total_record");
		for (JsonNode file : root.get("auditlogs")) {
			assertThat(file.propertyNames()).containsExactly("id", "name", "size", "begin_time", "end_time");
			assertThat(file.get("size").isNumber()).isTrue();
			assertThat(file.get("begin_time").stringValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0800");
		}
		AuditFile first = FILES.get(0);
		assertThat(response.body()).contains("\"begin_time\":\"" + local(first.begin()) + "\"");
		assertThat(response.body()).contains("\"size\":" + BigDecimal.valueOf(first.sizeKb()).toPlainString());
	}

	// parameter validation

	static Stream<Arguments> invalidParameters() {
		String start = "2026-10-01T08:00:00+0800";
		String end = "2026-10-02T08:00:00+0800";
		return Stream.of(Arguments.of(params(start, end, "0", "0"), "limit must be 1 to 50: 0"),
				Arguments.of(params(start, end, "0", "51"), "limit must be 1 to 50: 51"),
				Arguments.of(params(start, end, "0", "ten"), "limit must be an integer: ten"),
				Arguments.of(params(start, end, "-1", "10"), "offset must be 0 or more: -1"),
				Arguments.of(params(start, "2026-10-31T08:00:01+0800", "0", "10"), "must not exceed 30 days"),
				Arguments.of(params(start, start, "0", "10"), "must be later than start_time"),
				Arguments.of(params(end, start, "0", "10"), "must be later than start_time"),
				Arguments.of(params("2026-10-01T00:00:00Z", end, "0", "10"), "is not yyyy-MM-ddTHH:mm:ss+hhmm"),
				Arguments.of(params("2026-10-01T08:00:00+08:00", end, "0", "10"), "is not yyyy-MM-ddTHH:mm:ss+hhmm"),
				Arguments.of(params("2026-02-30T08:00:00+0800", end, "0", "10"), "is not a valid date and time"),
				Arguments.of(params(null, end, "0", "10"), "The parameter start_time is required."),
				Arguments.of(params(start, null, "0", "10"), "The parameter end_time is required."),
				Arguments.of(params(start, end, null, "10"), "The parameter offset is required."),
				Arguments.of(params(start, end, "0", null), "The parameter limit is required."),
				Arguments.of(params(start, end, "", "10"), "The parameter offset is required."));
	}

	@ParameterizedTest
	@MethodSource("invalidParameters")
	void refusesInvalidParametersWithDbs200001(List<String> params, String message) throws Exception {
		RdsCall call = call().list(PROJECT, INSTANCE);
		String[] names = { "start_time", "end_time", "offset", "limit" };
		for (int i = 0; i < names.length; i++) {
			call.param(names[i], params.get(i));
		}
		RdsReply reply = call.reply();
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errorCode()).isEqualTo("DBS.200001");
		assertThat(reply.errorMessage()).contains(message);
		assertThat(reply.bodyRequestId()).isNull();
		assertThat(reply.requestId()).matches("[0-9a-f]{32}");
		assertThat(this.emulator.servedCount()).isZero();
	}

	@Test
	void aPlusSentUnencodedArrivesAsASpace() throws Exception {
		// signed as the server decodes it: the signature matches, the time does not parse
		RdsReply signedAsDecoded = call().list(PROJECT, INSTANCE)
			.rawQuery("start_time=2026-10-01T08:00:00+0800&end_time=2026-10-02T08:00:00%2B0800&offset=0&limit=10")
			.reply();
		assertThat(signedAsDecoded.status()).isEqualTo(400);
		assertThat(signedAsDecoded.errorCode()).isEqualTo("DBS.200001");
		assertThat(signedAsDecoded.errorMessage())
			.isEqualTo("start_time 2026-10-01T08:00:00 0800 is not yyyy-MM-ddTHH:mm:ss+hhmm: the offset's '+' arrived"
					+ " as a space (send it percent-encoded as %2B).");
		// signed with %2B (as the signer encodes it) but sent with a raw +: the gateway sees another request
		RdsReply sentRaw = call()
			.list(PROJECT, INSTANCE, "start_time", local(DAY), "end_time", local(DAY.plusSeconds(3600)), "offset", 0,
					"limit", 10)
			.tamperWireQuery((query) -> query.replace("%2B", "+"))
			.reply();
		assertThat(sentRaw.status()).isEqualTo(401);
		assertThat(sentRaw.errorMessage()).endsWith("verify aksk signature fail");
	}

	// authentication

	@Test
	void anUnknownAccessKeyIsRefusedByTheGateway() throws Exception {
		RdsReply reply = validList().key("UNKNOWNAK", SK).reply();
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.errorCode()).isEqualTo("APIGW.0301");
		assertThat(reply.errorMessage())
			.isEqualTo("Incorrect IAM authentication information: Get secretKey failed,ak:UNKNOWNAK,err:ak not exist");
		assertThat(reply.bodyRequestId()).isEqualTo(reply.requestId()).matches("[0-9a-f]{32}");
	}

	@Test
	void aWrongSecretKeyOrAnAlteredRequestFailsSignatureVerification() throws Exception {
		List<RdsCall> altered = List.of(validList().key(AK, "wrong-sk"),
				validList().signedHost("127.0.0.1"),
				validList().tamperWireQuery((query) -> query.replace("limit=10", "limit=11")),
				validList().tamperAuthorization((header) -> header.replace("Signature=", "Signature=0")),
				validLinks().unsignedHeader("X-Project-Id", PROJECT)
					.tamperAuthorization((header) -> header.replace("host;x-sdk-date", "host;x-project-id;x-sdk-date")));
		for (RdsCall call : altered) {
			RdsReply reply = call.reply();
			assertThat(reply.status()).as("%s", reply).isEqualTo(401);
			assertThat(reply.errorCode()).isEqualTo("APIGW.0301");
			assertThat(reply.errorMessage()).isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
		}
	}

	@Test
	void theSdkDateMustBeSignedPresentWellFormedAndWithinFifteenMinutes() throws Exception {
		assertThat(validList().dateShiftedBy(Duration.ofMinutes(14)).reply().ok()).isTrue();
		assertThat(validList().dateShiftedBy(Duration.ofMinutes(-14)).reply().ok()).isTrue();
		for (Duration skew : List.of(Duration.ofMinutes(16), Duration.ofMinutes(-16))) {
			RdsReply reply = validList().dateShiftedBy(skew).reply();
			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.errorCode()).isEqualTo("APIGW.0301");
			assertThat(reply.errorMessage()).startsWith("Incorrect IAM authentication information: signature expired");
		}
		assertThat(validList().unsignedDate().reply().errorMessage())
			.isEqualTo("Incorrect IAM authentication information: x-sdk-date is not among the SignedHeaders host;x-project-id");
		assertThat(validList().withoutDateHeader().reply().errorMessage())
			.isEqualTo("Incorrect IAM authentication information: the X-Sdk-Date header is missing");
		assertThat(validList().sdkDate("2026-11-20T03:00:10Z").reply().errorMessage())
			.contains("is not in yyyyMMdd'T'HHmmss'Z' format");
	}

	@Test
	void aMissingOrForeignAuthorizationIsRefused() throws Exception {
		RdsReply none = validList().tamperAuthorization((header) -> "").reply();
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.errorMessage()).isEqualTo("Incorrect IAM authentication information: decrypt token fail");
		RdsReply foreign = validList().tamperAuthorization((header) -> header.replace("SDK-HMAC-SHA256", "HMAC-SHA256"))
			.reply();
		assertThat(foreign.status()).isEqualTo(401);
		assertThat(foreign.errorCode()).isEqualTo("APIGW.0301");
		RdsReply incomplete = validList().tamperAuthorization((header) -> header.substring(0, header.indexOf(", Signature")))
			.reply();
		assertThat(incomplete.errorMessage()).endsWith("the Authorization header has no Signature");
	}

	@Test
	void aTemporaryCredentialNeedsItsSignedSecurityTokenAndAPermanentOneNone() throws Exception {
		assertThat(validList().key(TEMP_AK, TEMP_SK).header("X-Security-Token", TOKEN).reply().ok()).isTrue();
		List<RdsCall> refused = List.of(validList().key(TEMP_AK, TEMP_SK),
				validList().key(TEMP_AK, TEMP_SK).header("X-Security-Token", "another-token"),
				validList().key(TEMP_AK, TEMP_SK).unsignedHeader("X-Security-Token", TOKEN),
				validList().header("X-Security-Token", TOKEN));
		for (RdsCall call : refused) {
			RdsReply reply = call.reply();
			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.errorCode()).isEqualTo("APIGW.0301");
		}
	}

	@Test
	void requestsThatFailAuthenticationTakeNoFaultAndDoNotCount() throws Exception {
		this.emulator.faults().throttle(1);
		assertThat(validList().key(AK, "wrong").reply().status()).isEqualTo(401);
		assertThat(this.emulator.faults().pending()).isEqualTo(1);
		assertThat(this.emulator.maxRequestsInAnyMinute(AK)).isZero();
		assertThat(validList().reply().status()).isEqualTo(429);
		assertThat(this.emulator.maxRequestsInAnyMinute(AK)).isEqualTo(1);
	}

	// not found

	@Test
	void anUnknownInstanceOrProjectIsNotFoundAndAForeignProjectHeaderIsForbidden() throws Exception {
		for (RdsCall call : List.of(validList().list(PROJECT, "nope-instance", validParams()),
				validList().list("anotherproject", INSTANCE, validParams()),
				call().links(PROJECT, "nope-instance", List.of(FILES.get(0).id())))) {
			RdsReply reply = call.reply();
			assertThat(reply.status()).isEqualTo(404);
			assertThat(reply.errorCode()).isEqualTo("DBS.200045");
			assertThat(reply.errorMessage()).startsWith("The DB instance does not exist");
			assertThat(reply.bodyRequestId()).isNull();
		}
		RdsReply foreign = validList().header("X-Project-Id", "anotherproject").reply();
		assertThat(foreign.status()).isEqualTo(403);
		assertThat(foreign.errorCode()).isEqualTo("APIGW.0302");
		assertThat(validList().header("X-Project-Id", null).reply().ok()).isTrue();
	}

	@Test
	void unknownPathsAndMethodsAreApiNotFoundBeforeAnySignatureCheck() throws Exception {
		for (RdsCall call : List.of(validList().path("/v3/" + PROJECT + "/instances/" + INSTANCE + "/auditlogs"),
				validList().path("/v3/" + PROJECT + "/instances/" + INSTANCE + "/auditlog/"),
				validList().method("POST"), validLinks().method("PUT"),
				validList().key("UNKNOWNAK", "x").path("/v1/whatever"))) {
			RdsReply reply = call.reply();
			assertThat(reply.status()).as("%s", reply).isEqualTo(404);
			assertThat(reply.errorCode()).isEqualTo("APIGW.0101");
		}
	}

	// links and downloads

	@Test
	void linksArePositionalAndServeTheirFilesUntilTheyExpire() throws Exception {
		List<AuditFile> asked = List.of(FILES.get(9), FILES.get(2), FILES.get(55));
		RdsReply reply = call().links(PROJECT, INSTANCE, asked.stream().map(AuditFile::id).toList()).reply();
		assertThat(reply.ok()).as("%s", reply).isTrue();
		assertThat(reply.links()).hasSize(3).allMatch((link) -> link.startsWith(this.emulator.endpoint() + "/obs/"));
		for (int i = 0; i < asked.size(); i++) {
			HttpResponse<byte[]> download = download(reply.links().get(i));
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(sha256(download.body())).isEqualTo(DATASET.sha256(asked.get(i).id()));
		}
		assertThat(this.downloadsStarted).containsExactlyElementsOf(asked.stream().map(AuditFile::id).toList());
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		assertThat(download(reply.links().get(0)).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<byte[]> expired = download(reply.links().get(0));
		assertThat(expired.statusCode()).isEqualTo(403);
		assertThat(expired.headers().firstValue("Content-Type")).hasValue("application/xml");
		assertThat(new String(expired.body(), StandardCharsets.UTF_8))
			.contains("<Error><Code>AccessDenied</Code><Message>Request has expired</Message>");
		assertThat(this.emulator.downloadCount()).isEqualTo(4);
		RdsReply fresh = call().links(PROJECT, INSTANCE, List.of(FILES.get(9).id())).reply();
		assertThat(download(fresh.links().get(0)).statusCode()).isEqualTo(200);
	}

	@Test
	void aLinkBatchTakesOneToFiftyIdsOfThatInstance() throws Exception {
		List<String> fifty = FILES.subList(0, 50).stream().map(AuditFile::id).toList();
		assertThat(call().links(PROJECT, INSTANCE, fifty).reply().links()).hasSize(50);
		List<String> fiftyOne = FILES.subList(0, 51).stream().map(AuditFile::id).toList();
		assertBadLinks(call().links(PROJECT, INSTANCE, fiftyOne), "ids must hold 1 to 50 audit log ids: 51");
		assertBadLinks(call().links(PROJECT, INSTANCE, List.of()), "ids must hold 1 to 50 audit log ids: 0");
		assertBadLinks(call().links(PROJECT, INSTANCE, List.of(FILES.get(0).id(), "fa163e000000t11f1nope")),
				"The audit log fa163e000000t11f1nope does not exist in instance " + INSTANCE + ".");
		String bigId = DATASET.files(PROJECT, BIG).get(0).id();
		assertBadLinks(call().links(PROJECT, INSTANCE, List.of(bigId)), bigId);
		assertBadLinks(call().linksBody(PROJECT, INSTANCE, "{\"ids\":"), "The request body is not valid JSON.");
		assertBadLinks(call().linksBody(PROJECT, INSTANCE, "{\"ids\":\"x\"}"), "must be an array");
		assertBadLinks(call().linksBody(PROJECT, INSTANCE, "{\"ids\":[1]}"), "must be a non-empty string");
		assertBadLinks(call().linksBody(PROJECT, INSTANCE, ""), "The parameter ids is required");
	}

	@Test
	void anUnknownTokenIsNotFoundAndOnlyGetIsAllowed() throws Exception {
		HttpResponse<byte[]> unknown = download(this.emulator.endpoint() + "/obs/0123456789abcdef");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("<Code>NoSuchKey</Code>");
		String link = call().links(PROJECT, INSTANCE, List.of(FILES.get(0).id())).reply().links().get(0);
		HttpResponse<String> put = RdsCall.HTTP.send(HttpRequest.newBuilder(URI.create(link))
			.PUT(HttpRequest.BodyPublishers.ofString("x"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(405);
		assertThat(this.downloadsStarted).isEmpty();
	}

	@Test
	void downloadsAreUnsignedUnthrottledAndDeliverTheRealBytesEvenWhenTheListingStatesAnotherSize() throws Exception {
		List<AuditFile> mismatched = FILES.stream().filter(AuditFile::sizeMismatched).toList();
		assertThat(mismatched).hasSize(3);
		List<AuditFile> asked = new ArrayList<>(mismatched);
		asked.add(FILES.get(0));
		RdsReply reply = call().links(PROJECT, INSTANCE, asked.stream().map(AuditFile::id).toList()).reply();
		long total = 0;
		for (int i = 0; i < asked.size(); i++) {
			AuditFile file = asked.get(i);
			HttpResponse<byte[]> download = download(reply.links().get(i));
			assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(file.bytes());
			assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
			assertThat(download.body()).hasSize((int) DATASET.bytes(file.id()));
			assertThat(sha256(download.body())).isEqualTo(DATASET.sha256(file.id()));
			if (file.sizeMismatched()) {
				assertThat(Math.abs(file.sizeKb() * 1024 - download.body().length)).isGreaterThan(1024);
			}
			total += file.bytes();
		}
		assertThat(this.emulator.downloadCount()).isEqualTo(4);
		assertThat(this.emulator.downloadedBytes()).isEqualTo(total);
		assertThat(this.emulator.servedCount()).isEqualTo(1);
		assertThat(this.emulator.maxRequestsInAnyMinute(AK)).isEqualTo(1);
		assertThat(this.emulator.requestCount()).isEqualTo(5);
	}

	@Test
	void aTwoHundredMegabyteFileStreamsThroughOneSmallBuffer() throws Exception {
		AuditFile big = DATASET.files(PROJECT, BIG).stream().filter((file) -> file.bytes() == TWO_HUNDRED_MB).findFirst().orElseThrow();
		assertThat(big.sizeKb()).isEqualTo(204_800.0);
		String link = call().links(PROJECT, BIG, List.of(big.id())).reply().links().get(0);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
		AtomicLong servingThread = new AtomicLong();
		AtomicLong allocatedBefore = new AtomicLong();
		this.emulator.onDownload((id) -> {
			servingThread.set(Thread.currentThread().getId());
			allocatedBefore.set(threads.getThreadAllocatedBytes(Thread.currentThread().getId()));
		});
		HttpResponse<InputStream> response = RdsCall.HTTP.send(HttpRequest.newBuilder(URI.create(link)).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(TWO_HUNDRED_MB);
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		long received = 0;
		try (InputStream body = response.body()) {
			byte[] buffer = new byte[64 * 1024];
			for (int read; (read = body.read(buffer)) >= 0;) {
				digest.update(buffer, 0, read);
				received += read;
			}
		}
		assertThat(received).isEqualTo(TWO_HUNDRED_MB);
		assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(DATASET.sha256(big.id()));
		assertThat(this.emulator.downloadedBytes()).isEqualTo(TWO_HUNDRED_MB);
		assertThat(this.emulator.downloadCount()).isEqualTo(1);
		// all the serving thread allocated for 200 MB: a whole file in memory would be at least 200 MB of it
		long allocated = threads.getThreadAllocatedBytes(servingThread.get()) - allocatedBefore.get();
		assertThat(allocated).isLessThan(8L * 1024 * 1024);
		assertThat(AuditFileContent.BUFFER_BYTES).isLessThanOrEqualTo(64 * 1024);
	}

	// faults

	@Test
	void throttleAndServerErrorFaultsHitExactlyTheNextRequestsInCallOrder() throws Exception {
		this.emulator.faults().throttle(2).serverError(1).throttle(1);
		assertThat(this.emulator.faults().pending()).isEqualTo(4);
		List<String> seen = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			RdsReply reply = validList().reply();
			seen.add(reply.status() + " " + reply.errorCode());
		}
		assertThat(seen).containsExactly("429 APIGW.0308", "429 APIGW.0308", "500 DBS.108000", "429 APIGW.0308",
				"200 null");
		RdsReply throttled = null;
		this.emulator.faults().throttle(1);
		throttled = validLinks().reply();
		assertThat(throttled.errorMessage())
			.isEqualTo("The throttling threshold has been reached: policy user over ratelimit,limit:60,time:1 minute");
		assertThat(throttled.bodyRequestId()).isEqualTo(throttled.requestId());
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(this.emulator.servedCount()).isEqualTo(1);
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void droppedConnectionsFailAPostAtOnceAndAGetOnlyAfterTheClientsOwnRetry() throws Exception {
		this.emulator.faults().dropConnections(1);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> validLinks().send());
		assertThat(validLinks().reply().ok()).isTrue();
		// the JDK HttpClient silently resends a GET whose connection closed without an answer
		this.emulator.faults().dropConnections(1);
		assertThat(validList().reply().ok()).isTrue();
		assertThat(this.emulator.faults().pending()).isZero();
		this.emulator.faults().dropConnections(2);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> validList().send());
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(this.emulator.servedCount()).isEqualTo(2);
	}

	@Test
	void aTruncatedAnswerIsAComplete200WithHalfTheJsonAndNotServed() throws Exception {
		this.emulator.faults().truncateJson(1);
		HttpResponse<String> truncated = validList().send();
		assertThat(truncated.statusCode()).isEqualTo(200);
		HttpResponse<String> whole = validList().send();
		assertThat(truncated.body()).hasSize(whole.body().length() / 2);
		assertThat(whole.body()).startsWith(truncated.body());
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> JSON.readTree(truncated.body()));
		assertThat(this.emulator.servedCount()).isEqualTo(1);
	}

	@Test
	void expiredLinkFaultsHitExactlyTheNextDownloadsAndNoApiRequest() throws Exception {
		List<String> links = call().links(PROJECT, INSTANCE, List.of(FILES.get(0).id(), FILES.get(1).id())).reply().links();
		this.emulator.faults().expireNextLinks(2);
		assertThat(validList().reply().ok()).isTrue();
		assertThat(download(links.get(0)).statusCode()).isEqualTo(403);
		assertThat(download(links.get(1)).statusCode()).isEqualTo(403);
		assertThat(download(links.get(0)).statusCode()).isEqualTo(200);
		assertThat(this.emulator.downloadCount()).isEqualTo(1);
		assertThat(this.downloadsStarted).containsExactly(FILES.get(0).id());
	}

	@Test
	void aTruncatedDownloadAnnouncesTheWholeLengthAndClosesAfterHalf() throws Exception {
		AuditFile file = FILES.stream().filter((candidate) -> candidate.bytes() > 100_000).findFirst().orElseThrow();
		String link = call().links(PROJECT, INSTANCE, List.of(file.id())).reply().links().get(0);
		this.emulator.faults().truncateDownloads(1);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> download(link))
			.withMessageContaining("content-length");
		assertThat(this.emulator.downloadedBytes()).isEqualTo(file.bytes() / 2);
		assertThat(this.emulator.downloadCount()).isZero();
		HttpResponse<byte[]> again = download(link);
		assertThat(sha256(again.body())).isEqualTo(DATASET.sha256(file.id()));
		assertThat(this.emulator.downloadCount()).isEqualTo(1);
		assertThat(this.downloadsStarted).containsExactly(file.id(), file.id());
	}

	@Test
	void slowResponsesAndSlowDownloadsDelayUntilReset() throws Exception {
		String link = call().links(PROJECT, INSTANCE, List.of(FILES.get(0).id())).reply().links().get(0);
		this.emulator.faults().slowResponses(Duration.ofMillis(300)).slowDownloads(Duration.ofMillis(400));
		long started = System.nanoTime();
		assertThat(validList().reply().ok()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		started = System.nanoTime();
		assertThat(download(link).statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		this.emulator.faults().throttle(3).expireNextLinks(2);
		assertThat(this.emulator.faults().pending()).isEqualTo(5);
		this.emulator.faults().reset();
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(validList().reply().ok()).isTrue();
		assertThat(download(link).statusCode()).isEqualTo(200);
	}

	// rate limit and counters

	@Test
	void theSixtyFirstRequestOfAnAccessKeyInOneMinuteIsThrottledAndTheNextMinuteIsNot() throws Exception {
		String link = call().links(PROJECT, INSTANCE, List.of(FILES.get(0).id())).reply().links().get(0);
		for (int i = 2; i <= 60; i++) {
			assertThat(validList().reply().ok()).as("request %d", i).isTrue();
			if (i % 20 == 0) {
				assertThat(download(link).statusCode()).isEqualTo(200);
			}
		}
		RdsReply sixtyFirst = validList().reply();
		assertThat(sixtyFirst.status()).isEqualTo(429);
		assertThat(sixtyFirst.errorCode()).isEqualTo("APIGW.0308");
		assertThat(sixtyFirst.errorMessage())
			.isEqualTo("The throttling threshold has been reached: policy user over ratelimit,limit:60,time:1 minute");
		assertThat(this.emulator.throttledCount()).isEqualTo(1);
		assertThat(validList().key(TEMP_AK, TEMP_SK).header("X-Security-Token", TOKEN).reply().ok()).isTrue();
		this.clock.advance(Duration.ofSeconds(50));
		RdsReply last = validList().reply();
		assertThat(last.ok()).isTrue();
		assertThat(this.emulator.maxRequestsInAnyMinute(AK)).isEqualTo(61);
		assertThat(this.emulator.maxRequestsInAnyMinute(TEMP_AK)).isEqualTo(1);
		assertThat(this.emulator.servedCount()).isEqualTo(62);
		assertThat(this.emulator.servedRecordCount()).as("listing rows only: links and downloads carry no records")
			.isEqualTo(61L * last.auditlogs().size());
	}

	@Test
	void theRateLimitIsConfigurableAndZeroTurnsItOff() throws Exception {
		try (RdsEmulator strict = RdsEmulator.builder().clock(this.clock).credential(AK, SK).dataset(DATASET)
			.rateLimitPerMinute(2).linkLifetime(Duration.ofSeconds(30)).build().start();
				RdsEmulator open = RdsEmulator.builder().clock(this.clock).credential(AK, SK).dataset(DATASET)
					.rateLimitPerMinute(0).build().start()) {
			RdsReply links = RdsCall.to(strict, this.clock, AK, SK).links(PROJECT, INSTANCE, List.of(FILES.get(0).id())).reply();
			assertThat(RdsCall.to(strict, this.clock, AK, SK).list(PROJECT, INSTANCE, validParams()).reply().ok()).isTrue();
			RdsReply third = RdsCall.to(strict, this.clock, AK, SK).list(PROJECT, INSTANCE, validParams()).reply();
			assertThat(third.errorMessage()).endsWith("limit:2,time:1 minute");
			this.clock.advance(Duration.ofSeconds(30));
			assertThat(download(links.links().get(0)).statusCode()).isEqualTo(403);
			for (int i = 0; i < 70; i++) {
				assertThat(RdsCall.to(open, this.clock, AK, SK).list(PROJECT, INSTANCE, validParams()).reply().ok()).isTrue();
			}
			assertThat(open.maxRequestsInAnyMinute(AK)).isEqualTo(70);
		}
	}

	@Test
	void eachAnswerIsCountedAsServedBeforeItsLastByteAndReportedToTheHook() throws Exception {
		BlockingQueue<Integer> hooked = new LinkedBlockingQueue<>();
		this.emulator.onServed(hooked::add);
		for (int i = 1; i <= 3; i++) {
			assertThat(validList().reply().ok()).isTrue();
			assertThat(this.emulator.servedCount()).isEqualTo(i);
			assertThat(hooked.poll(5, TimeUnit.SECONDS)).isEqualTo(i);
		}
		assertThat(validList().key(AK, "wrong").reply().status()).isEqualTo(401);
		assertThat(validList().param("limit", 0).reply().status()).isEqualTo(400);
		assertThat(this.emulator.servedCount()).isEqualTo(3);
		assertThat(this.emulator.requestCount()).isEqualTo(5);
		assertThat(hooked).isEmpty();
	}

	// helpers

	private RdsCall call() {
		return RdsCall.to(this.emulator, this.clock, AK, SK);
	}

	private RdsCall validList() {
		return call().list(PROJECT, INSTANCE, validParams());
	}

	private RdsCall validLinks() {
		return call().links(PROJECT, INSTANCE, List.of(FILES.get(0).id()));
	}

	private static Object[] validParams() {
		return new Object[] { "start_time", local(DAY), "end_time", local(DAY.plus(Duration.ofDays(1))), "offset", 0,
				"limit", 10 };
	}

	private List<String> window(Instant from, Instant to, ZoneOffset zone) throws Exception {
		RdsReply reply = call().list(PROJECT, INSTANCE, "start_time", AuditlogQuery.TIME.withZone(zone).format(from),
				"end_time", AuditlogQuery.TIME.withZone(zone).format(to), "offset", 0, "limit", 50).reply();
		assertThat(reply.ok()).as("%s", reply).isTrue();
		assertThat(reply.totalRecord()).isLessThan(50);
		return reply.ids();
	}

	private static List<String> overlapping(Instant from, Instant to) {
		return FILES.stream().filter((file) -> file.overlaps(from, to)).map(AuditFile::id).toList();
	}

	private static void assertBadLinks(RdsCall call, String message) throws Exception {
		RdsReply reply = call.reply();
		assertThat(reply.status()).as("%s", reply).isEqualTo(400);
		assertThat(reply.errorCode()).isEqualTo("DBS.200001");
		assertThat(reply.errorMessage()).contains(message);
	}

	private static HttpResponse<byte[]> download(String link) throws IOException, InterruptedException {
		return RdsCall.HTTP.send(HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String local(Instant instant) {
		return AuditlogQuery.TIME.withZone(BEIJING).format(instant);
	}

	private static List<String> params(String start, String end, String offset, String limit) {
		List<String> params = new ArrayList<>();
		params.add(start);
		params.add(end);
		params.add(offset);
		params.add(limit);
		return params;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
