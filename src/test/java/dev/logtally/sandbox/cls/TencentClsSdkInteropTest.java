package dev.logtally.sandbox.cls;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.tencentcloudapi.cls.v20201016.ClsClient;
import com.tencentcloudapi.cls.v20201016.models.DescribeLogHistogramRequest;
import com.tencentcloudapi.cls.v20201016.models.DescribeLogHistogramResponse;
import com.tencentcloudapi.cls.v20201016.models.HistogramInfo;
import com.tencentcloudapi.cls.v20201016.models.LogInfo;
import com.tencentcloudapi.cls.v20201016.models.SearchLogRequest;
import com.tencentcloudapi.cls.v20201016.models.SearchLogResponse;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Tencent Cloud Java SDK's {@code ClsClient} against the emulator, on the system clock: proves the
 * emulator speaks the wire format real clients speak (signing with service {@code 127} and
 * {@code Host: 127.0.0.1:PORT}, JSON POST, errors as HTTP 200 that the SDK raises with their code).
 */
class TencentClsSdkInteropTest {

	private static final String ID = "AKIDclsInterop";

	private static final String KEY = "cls-interop-secret";

	private static final String TOPIC = "5d1c0b2e-7f3a-4c1e-9a8b-clsinterop01";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

	private final Instant to = this.from.plus(1, ChronoUnit.HOURS);

	private final ClsDataset dataset = ClsDataset.builder(1436)
		.topic(TOPIC, this.from, this.to, 2_300)
		.burst(TOPIC, this.from.plusSeconds(600), 30)
		.identical(TOPIC, 4)
		.build();

	private ClsEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = ClsEmulator.builder().credential(ID, KEY).dataset(this.dataset).start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void sdkPagesWithContextThroughMoreThanAThousandHostileLogsAndGetsEachOnce() throws Exception {
		List<LogInfo> received = new ArrayList<>();
		String context = null;
		SearchLogResponse page;
		do {
			SearchLogRequest request = range();
			request.setQueryString("*");
			request.setQuerySyntax(1L);
			request.setSort("asc");
			request.setLimit(1000L);
			request.setContext(context);
			page = client(new Credential(ID, KEY)).SearchLog(request);
			received.addAll(Arrays.asList(page.getResults()));
			context = page.getContext();
		}
		while (!page.getListOver());
		assertThat(this.emulator.servedCount()).isEqualTo(3);
		assertThat(received.stream().map(TencentClsSdkInteropTest::log).sorted(ORDER).toList())
			.hasSize(2_334)
			.isEqualTo(this.dataset.logs(TOPIC).stream().sorted(ORDER).toList());
		assertThat(received).extracting(LogInfo::getLogJson)
			.anyMatch((json) -> json.contains("before lone CR\\rafter"))
			.anyMatch((json) -> json.contains("🚀🔥"))
			.anyMatch((json) -> json.contains("函数运行日志"));
		assertThat(received).extracting(LogInfo::getPkgId).contains("");
	}

	@Test
	void sdkSearchesWithTheDeprecatedQueryAndSyntaxRule() throws Exception {
		SearchLogRequest request = range();
		request.setQuery("level:\"ERROR\"");
		request.setSyntaxRule(1L);
		request.setLimit(1000L);
		List<ClsLog> errors = this.dataset.logs(TOPIC)
			.stream()
			.filter((log) -> "ERROR".equals(log.fields().get("level")))
			.sorted(ORDER)
			.toList();
		SearchLogResponse response = client(new Credential(ID, KEY)).SearchLog(request);
		assertThat(response.getListOver()).isTrue();
		assertThat(response.getAnalysis()).isFalse();
		assertThat(Arrays.stream(response.getResults()).map(TencentClsSdkInteropTest::log).sorted(ORDER).toList())
			.isNotEmpty()
			.isEqualTo(errors);
	}

	@Test
	void sdkHistogramTotalCountIsTheDatasetsCount() throws Exception {
		DescribeLogHistogramRequest request = new DescribeLogHistogramRequest();
		request.setTopicId(TOPIC);
		request.setFrom(this.from.toEpochMilli());
		request.setTo(this.to.toEpochMilli());
		request.setQuery("*");
		request.setSyntaxRule(1L);
		request.setInterval(60_000L);
		DescribeLogHistogramResponse response = client(new Credential(ID, KEY)).DescribeLogHistogram(request);
		assertThat(response.getTotalCount()).isEqualTo(2_334);
		assertThat(response.getInterval()).isEqualTo(60_000);
		assertThat(response.getHistogramInfos()).hasSize(61)
			.allMatch((bucket) -> bucket.getBTime() % 60_000 == 0);
		assertThat(Arrays.stream(response.getHistogramInfos()).mapToLong(HistogramInfo::getCount).sum())
			.isEqualTo(2_334);
	}

	@Test
	void sdkRunsAnSqlCountAtSamplingRateOneAndReadsItFromBothAnswerShapes() throws Exception {
		long burst = this.from.plusSeconds(600).toEpochMilli();
		SearchLogRequest request = range();
		request.setQueryString("* | select count(*) as c where __TIMESTAMP__ >= " + this.from.toEpochMilli()
				+ " and __TIMESTAMP__ < " + burst);
		request.setQuerySyntax(1L);
		request.setSamplingRate(1f);
		request.setUseNewAnalysis(true);

		SearchLogResponse response = client(new Credential(ID, KEY)).SearchLog(request);

		long before = this.dataset.logs(TOPIC).stream().filter((log) -> log.time() < burst).count();
		assertThat(before).isPositive().isLessThan(2_334);
		assertThat(response.getAnalysis()).isTrue();
		assertThat(response.getAnalysisRecords()).hasSize(1);
		assertThat(JSON.readTree(response.getAnalysisRecords()[0]).get("c").longValue()).isEqualTo(before);
		assertThat(response.getColumns()).extracting((column) -> column.getName()).containsExactly("c");
		assertThat(response.getAnalysisResults()).hasSize(1);
		assertThat(response.getAnalysisResults()[0].getData()).singleElement()
			.satisfies((item) -> assertThat(item.getKey()).isEqualTo("c"))
			.satisfies((item) -> assertThat(item.getValue()).isEqualTo(Long.toString(before)));
		assertThat(response.getResults()).isEmpty();
	}

	@Test
	void anApiErrorReachesTheSdkAsAnExceptionWithItsCode() {
		SearchLogRequest tooMany = range();
		tooMany.setLimit(1001L);
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential(ID, KEY)).SearchLog(tooMany))
			.extracting(TencentCloudSDKException::getErrorCode)
			.isEqualTo("InvalidParameter");
		SearchLogRequest unknown = range();
		unknown.setTopicId("no-such-topic");
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential(ID, KEY)).SearchLog(unknown))
			.extracting(TencentCloudSDKException::getErrorCode)
			.isEqualTo("ResourceNotFound.TopicNotExist");
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential(ID, "wrong-key")).SearchLog(range()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure");
				assertThat(ex.getRequestId()).isNotBlank();
			});
		SearchLogRequest expired = range();
		expired.setContext("not-a-context");
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential(ID, KEY)).SearchLog(expired))
			.extracting(TencentCloudSDKException::getErrorCode)
			.isEqualTo("FailedOperation.InvalidContext");
	}

	private static final Comparator<ClsLog> ORDER = Comparator.comparingLong(ClsLog::time)
		.thenComparing(ClsLog::pkgId)
		.thenComparing(ClsLog::pkgLogId)
		.thenComparing(ClsLog::logJson);

	private SearchLogRequest range() {
		SearchLogRequest request = new SearchLogRequest();
		request.setTopicId(TOPIC);
		request.setFrom(this.from.toEpochMilli());
		request.setTo(this.to.toEpochMilli());
		return request;
	}

	private ClsClient client(Credential credential) {
		HttpProfile http = new HttpProfile();
		http.setEndpoint("127.0.0.1:" + this.emulator.port());
		http.setProtocol(HttpProfile.REQ_HTTP);
		ClientProfile profile = new ClientProfile();
		profile.setHttpProfile(http);
		return new ClsClient(credential, "ap-guangzhou", profile);
	}

	/** What the SDK hands back, as a log of the dataset. */
	private static ClsLog log(LogInfo info) {
		Map<String, String> fields = JSON.readValue(info.getLogJson(), new TypeReference<>() {
		});
		return new ClsLog(info.getTime(), info.getTopicId(), info.getTopicName(), info.getSource(), info.getFileName(),
				info.getHostName(), info.getPkgId(), info.getPkgLogId(), new TreeMap<>(fields));
	}

}
