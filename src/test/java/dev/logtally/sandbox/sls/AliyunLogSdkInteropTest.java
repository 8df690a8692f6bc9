package dev.logtally.sandbox.sls;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.alibaba.fastjson.JSONException;
import com.aliyun.openservices.log.Client;
import com.aliyun.openservices.log.common.Histogram;
import com.aliyun.openservices.log.common.LogContent;
import com.aliyun.openservices.log.common.QueriedLog;
import com.aliyun.openservices.log.exception.LogException;
import com.aliyun.openservices.log.http.client.ClientConfiguration;
import com.aliyun.openservices.log.request.GetHistogramsRequest;
import com.aliyun.openservices.log.request.GetLogsRequest;
import com.aliyun.openservices.log.response.GetHistogramsResponse;
import com.aliyun.openservices.log.response.GetLogsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Alibaba Cloud Java SDK ({@code aliyun-log} 0.6.151) against the emulator, on the system clock. The SDK
 * refuses IP and host:port endpoints, so it is given a fake host name and the emulator as its HTTP proxy: requests
 * then arrive with absolute-form targets such as {@code POST http://interop.cn-hangzhou.log.aliyuncs.com/logstores/
 * hostile/logs}. This version sends GetLogs only as GetLogsV2 (POST, JSON body, {@code Accept-Encoding: lz4}) and
 * GetHistograms as {@code GET /logstores/{ls}/index?type=histogram}; it has no GET GetLogs path left to test.
 */
class AliyunLogSdkInteropTest {

	private static final String ENDPOINT = "cn-hangzhou.log.aliyuncs.com";

	private static final String PROJECT = "interop";

	private static final String AK = "LTAIsdkInterop";

	private static final String SECRET = "sdk-interop-secret";

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final Instant from = this.now.minus(3, ChronoUnit.HOURS);

	private final Instant to = this.now.minus(2, ChronoUnit.HOURS);

	private final Instant burst = this.from.plusSeconds(1_234);

	private final SlsDataset dataset = SlsDataset.builder(151)
		.logstore(PROJECT, "hostile", this.from, this.to, 600)
		.burst(PROJECT, "hostile", this.burst, 150)
		.identical(PROJECT, "hostile", 4)
		.build();

	private final List<SlsLog> expected = this.dataset.logs(PROJECT, "hostile");

	private SlsEmulator emulator;

	private SlsEmulator stable;

	@BeforeEach
	void start() {
		this.emulator = SlsEmulator.builder().credential(AK, SECRET).dataset(this.dataset).build().start();
		this.stable = SlsEmulator.builder()
			.credential(AK, SECRET)
			.dataset(this.dataset)
			.unstableOrder(false)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
		this.stable.close();
	}

	@Test
	void sdkPagesThroughHostileLogsWithGetLogsV2AndGetsExactlyTheDatasetsLogs() throws Exception {
		Client client = client(this.stable, SECRET);
		List<SlsLog> received = new ArrayList<>();
		for (long offset = 0;; offset += 100) {
			GetLogsRequest request = new GetLogsRequest(PROJECT, "hostile", seconds(this.from), seconds(this.to), "", "",
					offset, 100, false);
			request.SetAccurate(true);
			GetLogsResponse response = client.GetLogs(request);
			assertThat(response.IsCompleted()).isTrue();
			if (response.getLogs().isEmpty()) {
				break;
			}
			response.getLogs().forEach((log) -> received.add(slsLog(log)));
		}
		assertThat(received).hasSize(754);
		assertThat(multiset(received)).isEqualTo(multiset(this.expected));
		assertThat(received.stream().flatMap((log) -> log.fields().keySet().stream()))
			.contains("user agent", "用户名", "city,country");
		assertThat(received.stream().flatMap((log) -> log.fields().values().stream()))
			.anyMatch((value) -> value.contains("\r\n"))
			.anyMatch((value) -> value.contains("🚀"))
			.anyMatch((value) -> value.startsWith("="));
	}

	@Test
	void histogramGuidedWindowsOfOnePageEachExportExactlyEvenWithShuffledTies() throws Exception {
		Client client = client(this.emulator, SECRET);
		List<SlsLog> received = new ArrayList<>();
		GetHistogramsResponse histogram = client
			.GetHistograms(new GetHistogramsRequest(PROJECT, "hostile", "", "", seconds(this.from), seconds(this.to)));
		for (Histogram bucket : histogram.GetHistograms()) {
			if (bucket.GetCount() <= 100) {
				received.addAll(onePage(client, bucket.GetFrom(), 0, bucket.GetTo(), 0));
				continue;
			}
			// the burst minute: one second at a time, and the burst second itself in two nanosecond halves
			for (int second = bucket.GetFrom(); second < bucket.GetTo(); second++) {
				if (second == seconds(this.burst)) {
					received.addAll(onePage(client, second, 0, second, 500_000_000));
					received.addAll(onePage(client, second, 500_000_000, second + 1, 0));
				}
				else {
					received.addAll(onePage(client, second, 0, second + 1, 0));
				}
			}
		}
		assertThat(multiset(received)).isEqualTo(multiset(this.expected));
	}

	@Test
	void sdkHistogramTotalsEqualTheDatasetCount() throws Exception {
		GetHistogramsResponse histogram = client(this.emulator, SECRET)
			.GetHistograms(new GetHistogramsRequest(PROJECT, "hostile", "", "", seconds(this.from), seconds(this.to)));
		assertThat(histogram.IsCompleted()).isTrue();
		assertThat(histogram.GetHistograms()).hasSize(60);
		assertThat(histogram.GetTotalCount()).isEqualTo(this.expected.size());
	}

	@Test
	void sdkSeesIncompleteAnswersAndMustRepeatTheRequestItself() throws Exception {
		this.stable.faults().incompleteRepeats(1, 1).histogramIncompleteRepeats(1, 1);
		Client client = client(this.stable, SECRET);
		GetLogsRequest request = new GetLogsRequest(PROJECT, "hostile", seconds(this.from), seconds(this.to), "", "", 0,
				100, false);
		GetLogsResponse incomplete = client.GetLogs(request);
		assertThat(incomplete.IsCompleted()).isFalse();
		assertThat(incomplete.getLogs()).hasSize(50);
		GetLogsResponse complete = client.GetLogs(request);
		assertThat(complete.IsCompleted()).isTrue();
		assertThat(complete.getLogs()).hasSize(100);
		assertThat(complete.getLogs().stream().map(AliyunLogSdkInteropTest::slsLog).toList())
			.isEqualTo(this.expected.subList(0, 100));
		GetHistogramsRequest histogram = new GetHistogramsRequest(PROJECT, "hostile", "", "", seconds(this.from),
				seconds(this.to));
		assertThat(client.GetHistograms(histogram).IsCompleted()).isFalse();
		assertThat(client.GetHistograms(histogram).GetTotalCount()).isEqualTo(this.expected.size());
	}

	@Test
	void aWrongSecretIsSignatureNotMatch() {
		Client client = client(this.emulator, "not-the-secret");
		assertThatExceptionOfType(LogException.class)
			.isThrownBy(() -> client.GetLogs(new GetLogsRequest(PROJECT, "hostile", seconds(this.from),
					seconds(this.to), "", "", 0, 10, false)))
			.satisfies((ex) -> {
				assertThat(ex.GetErrorCode()).isEqualTo("SignatureNotMatch");
				assertThat(ex.GetHttpCode()).isEqualTo(401);
				assertThat(ex.GetRequestId()).matches("[0-9A-F]{24}");
			});
		assertThatExceptionOfType(LogException.class)
			.isThrownBy(() -> client.GetHistograms(new GetHistogramsRequest(PROJECT, "hostile", "", "",
					seconds(this.from), seconds(this.to))))
			.satisfies((ex) -> assertThat(ex.GetErrorCode()).isEqualTo("SignatureNotMatch"));
	}

	@Test
	void unknownLogstoresAndProjectsAreNotFound() {
		Client client = client(this.emulator, SECRET);
		assertThatExceptionOfType(LogException.class)
			.isThrownBy(() -> client.GetLogs(new GetLogsRequest(PROJECT, "nope", seconds(this.from), seconds(this.to),
					"", "", 0, 10, false)))
			.satisfies((ex) -> {
				assertThat(ex.GetErrorCode()).isEqualTo("LogStoreNotExist");
				assertThat(ex.GetErrorMessage()).isEqualTo("logstore nope does not exist.");
				assertThat(ex.GetHttpCode()).isEqualTo(404);
			});
		assertThatExceptionOfType(LogException.class)
			.isThrownBy(() -> client.GetHistograms(new GetHistogramsRequest("elsewhere", "hostile", "", "",
					seconds(this.from), seconds(this.to))))
			.satisfies((ex) -> assertThat(ex.GetErrorCode()).isEqualTo("ProjectNotExist"));
	}

	@Test
	void sdkSurfacesQueuedFaultsAsLogExceptionsWithoutRetryingThem() {
		this.emulator.faults().serverBusy(1).quotaExceeded(1);
		Client client = client(this.emulator, SECRET);
		GetLogsRequest request = new GetLogsRequest(PROJECT, "hostile", seconds(this.from), seconds(this.to), "", "", 0,
				10, false);
		assertThatExceptionOfType(LogException.class).isThrownBy(() -> client.GetLogs(request))
			.satisfies((ex) -> assertThat(ex.GetErrorCode()).isEqualTo("ServerBusy"));
		assertThatExceptionOfType(LogException.class).isThrownBy(() -> client.GetLogs(request))
			.satisfies((ex) -> assertThat(ex.GetErrorCode()).isEqualTo("ReadQuotaExceed"));
		assertThat(this.emulator.requestCount()).isEqualTo(2);
	}

	@Test
	void sdkSilentlyRetriesADroppedConnectionButATruncatedBodyEscapesAsAnUncheckedFastjsonException() throws Exception {
		Client client = client(this.emulator, SECRET);
		GetLogsRequest request = new GetLogsRequest(PROJECT, "hostile", seconds(this.from), seconds(this.to), "", "", 0,
				10, false);
		// ClientConfiguration retries a failed connection up to 3 times by default, pausing 600, 1200, 2400 ms
		this.emulator.faults().dropConnections(1);
		assertThat(client.GetLogs(request).getLogs()).hasSize(10);
		assertThat(this.emulator.requestCount()).isEqualTo(2);
		ClientConfiguration oneRetry = configuration(this.emulator);
		oneRetry.setMaxErrorRetry(1);
		this.emulator.faults().dropConnections(2);
		assertThatExceptionOfType(LogException.class)
			.isThrownBy(() -> new Client(ENDPOINT, AK, SECRET, oneRetry).GetLogs(request))
			.satisfies((ex) -> {
				assertThat(ex.GetErrorCode()).isEqualTo("RequestError");
				assertThat(ex.GetHttpCode()).isEqualTo(-1);
			});
		assertThat(this.emulator.requestCount()).isEqualTo(4);
		this.emulator.faults().truncateJson(1);
		assertThatExceptionOfType(JSONException.class).isThrownBy(() -> client.GetLogs(request));
		this.emulator.faults().truncateJson(1);
		assertThatExceptionOfType(LogException.class)
			.isThrownBy(() -> client.GetHistograms(new GetHistogramsRequest(PROJECT, "hostile", "", "",
					seconds(this.from), seconds(this.to))))
			.satisfies((ex) -> assertThat(ex.GetErrorCode()).isEqualTo("BadResponse"));
	}

	private List<SlsLog> onePage(Client client, int fromSecond, int fromNs, int toSecond, int toNs)
			throws LogException {
		GetLogsRequest request = new GetLogsRequest(PROJECT, "hostile", fromSecond, toSecond, "", "", 0, 100, false);
		request.SetFromNsPart(fromNs);
		request.SetToNsPart(toNs);
		request.SetAccurate(true);
		GetLogsResponse response = client.GetLogs(request);
		assertThat(response.IsCompleted()).isTrue();
		assertThat(response.getLogs()).as("one page must hold the window").hasSizeLessThan(100);
		return response.getLogs().stream().map(AliyunLogSdkInteropTest::slsLog).toList();
	}

	private static Client client(SlsEmulator emulator, String secret) {
		return new Client(ENDPOINT, AK, secret, configuration(emulator));
	}

	/** The emulator as the SDK's HTTP proxy: the only way to point this SDK at a loopback port. */
	private static ClientConfiguration configuration(SlsEmulator emulator) {
		ClientConfiguration configuration = new ClientConfiguration();
		configuration.setProxyHost("127.0.0.1");
		configuration.setProxyPort(emulator.port());
		return configuration;
	}

	/** The SDK puts {@code __topic__} among the contents and {@code __source__} beside them. */
	private static SlsLog slsLog(QueriedLog log) {
		Map<String, String> fields = new TreeMap<>();
		for (LogContent content : log.GetLogItem().GetLogContents()) {
			fields.put(content.GetKey(), content.GetValue());
		}
		String topic = fields.remove("__topic__");
		return new SlsLog(log.GetLogItem().GetTime(), log.GetLogItem().GetTimeNsPart(), log.GetSource(), topic,
				new TreeMap<>(fields));
	}

	private static Map<SlsLog, Long> multiset(List<SlsLog> logs) {
		return logs.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static int seconds(Instant instant) {
		return Math.toIntExact(instant.getEpochSecond());
	}

}
