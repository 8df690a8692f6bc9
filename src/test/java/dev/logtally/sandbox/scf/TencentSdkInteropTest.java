package dev.logtally.sandbox.scf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonSyntaxException;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.scf.v20180416.ScfClient;
import com.tencentcloudapi.scf.v20180416.models.FunctionLog;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionLogsRequest;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionLogsResponse;
import com.tencentcloudapi.scf.v20180416.models.LogFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Tencent Cloud Java SDK against the emulator, on the system clock: proves the emulator speaks the wire
 * format real clients speak (signing with service {@code 127} and {@code Host: 127.0.0.1:PORT}, JSON POST and
 * flattened GET, errors as HTTP 200) and records how the SDK surfaces each injected fault.
 */
class TencentSdkInteropTest {

	private static final String ID = "AKIDsdkInterop";

	private static final String KEY = "sdk-interop-secret";

	private static final int ONE_MB = 1_048_576;

	private static final DateTimeFormatter BEIJING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.ofHours(8));

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final Instant from = this.now.minus(3, ChronoUnit.HOURS);

	private final Instant to = this.now.minus(2, ChronoUnit.HOURS);

	private final ScfDataset dataset = ScfDataset.builder(1436)
		.largeFields(40, ONE_MB)
		.function("default", "hostile", this.from, this.to, 120)
		.build();

	private ScfEmulator emulator;

	@BeforeEach
	void start() {
		// the default rate limit of 5 per second stays on: no test here makes more than five calls
		this.emulator = ScfEmulator.builder()
			.credential(ID, KEY)
			.credential("AKIDtemporary", "temporary-key", "session-token")
			.dataset(this.dataset)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void sdkPagesThroughHostileLogsAndGetsExactlyTheDatasetsLogs() throws Exception {
		ScfClient client = client(new Credential(ID, KEY), "POST");
		List<FunctionLog> received = new ArrayList<>();
		for (long offset = 0;; offset += 25) {
			GetFunctionLogsRequest request = range();
			request.setOrder("asc");
			request.setOffset(offset);
			request.setLimit(25L);
			GetFunctionLogsResponse response = client.GetFunctionLogs(request);
			assertThat(response.getTotalCount()).isEqualTo(120);
			received.addAll(Arrays.asList(response.getData()));
			if (response.getData().length < 25) {
				break;
			}
		}
		List<ScfLogEntry> expected = this.dataset.logs("default", "hostile");
		assertThat(received.stream().map(TencentSdkInteropTest::entry).toList())
			.isEqualTo(expected.stream().map(TencentSdkInteropTest::asSdkSeesIt).toList());
		assertThat(received).filteredOn((log) -> log.getLog().getBytes(StandardCharsets.UTF_8).length == ONE_MB)
			.hasSize(3);
		assertThat(received).extracting(FunctionLog::getLog)
			.anyMatch((log) -> log.contains("before lone CR\rafter"))
			.anyMatch((log) -> log.contains("before CRLF\r\nafter"))
			.anyMatch((log) -> log.contains("🚀🔥"))
			.anyMatch((log) -> log.contains("函数运行日志，错误"))
			.anyMatch((log) -> log.startsWith("="));
		assertThat(this.emulator.servedCount()).isEqualTo(5);
	}

	@Test
	void sdkGetRequestsWithAFlattenedFilterWork() throws Exception {
		GetFunctionLogsRequest request = range();
		request.setOrder("asc");
		request.setLimit(200L);
		LogFilter filter = new LogFilter();
		filter.setRetCode("is0");
		request.setFilter(filter);
		FunctionLog[] data = client(new Credential(ID, KEY), "GET").GetFunctionLogs(request).getData();
		assertThat(Arrays.stream(data).map(TencentSdkInteropTest::entry).toList())
			.isNotEmpty()
			.isEqualTo(this.dataset.logs("default", "hostile")
				.stream()
				.filter((log) -> log.retCode() == 0)
				.map(TencentSdkInteropTest::asSdkSeesIt)
				.toList());
	}

	@Test
	void aWrongKeyReachesTheSdkAsSignatureFailure() {
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential(ID, "wrong-key"), "POST").GetFunctionLogs(range()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure");
				assertThat(ex.getRequestId()).isNotBlank();
			});
	}

	@Test
	void offsetPlusLimitAboveTenThousandReachesTheSdkAsLimitExceededOffset() {
		GetFunctionLogsRequest request = range();
		request.setOffset(9_995L);
		request.setLimit(10L);
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential(ID, KEY), "POST").GetFunctionLogs(request))
			.extracting(TencentCloudSDKException::getErrorCode)
			.isEqualTo("LimitExceeded.Offset");
	}

	@Test
	void sdkTemporaryCredentialsSendTheirToken() throws Exception {
		assertThat(client(new Credential("AKIDtemporary", "temporary-key", "session-token"), "POST")
			.GetFunctionLogs(range())
			.getTotalCount()).isEqualTo(120);
		assertThatExceptionOfType(TencentCloudSDKException.class)
			.isThrownBy(() -> client(new Credential("AKIDtemporary", "temporary-key"), "POST").GetFunctionLogs(range()))
			.extracting(TencentCloudSDKException::getErrorCode)
			.isEqualTo("AuthFailure.TokenFailure");
	}

	@Test
	void howTheSdkSurfacesEachInjectedFault() throws Exception {
		ScfClient client = client(new Credential(ID, KEY), "POST");
		this.emulator.faults().failWithHttpStatus(503, 1).throttle(1).truncateJson(1).dropConnections(1);
		assertThatExceptionOfType(TencentCloudSDKException.class).isThrownBy(() -> client.GetFunctionLogs(range()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("ServerSideError");
				assertThat(ex.getMessage()).contains("response code is 503, not 200");
			});
		assertThatExceptionOfType(TencentCloudSDKException.class).isThrownBy(() -> client.GetFunctionLogs(range()))
			.extracting(TencentCloudSDKException::getErrorCode)
			.isEqualTo("RequestLimitExceeded");
		// a truncated body is not an API error: no error code, only the Gson parse failure as the cause
		assertThatExceptionOfType(TencentCloudSDKException.class).isThrownBy(() -> client.GetFunctionLogs(range()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isNull();
				assertThat(ex.getCause()).isInstanceOf(JsonSyntaxException.class);
			});
		// okhttp retries a connection closed without a response once, even for POST: the SDK never sees the drop
		int before = this.emulator.requestCount();
		assertThat(client.GetFunctionLogs(range()).getTotalCount()).isEqualTo(120);
		assertThat(this.emulator.requestCount() - before).isEqualTo(2);
	}

	private GetFunctionLogsRequest range() {
		GetFunctionLogsRequest request = new GetFunctionLogsRequest();
		request.setFunctionName("hostile");
		request.setNamespace("default");
		request.setStartTime(BEIJING.format(this.from));
		request.setEndTime(BEIJING.format(this.to));
		return request;
	}

	private ScfClient client(Credential credential, String method) {
		HttpProfile http = new HttpProfile();
		http.setEndpoint("127.0.0.1:" + this.emulator.port());
		http.setProtocol(HttpProfile.REQ_HTTP);
		http.setReqMethod(method);
		ClientProfile profile = new ClientProfile();
		profile.setHttpProfile(http);
		return new ScfClient(credential, "ap-guangzhou", profile);
	}

	/** What the SDK hands back, as an entry; the SDK models Duration as a Float, so only its float value survives. */
	private static ScfLogEntry entry(FunctionLog log) {
		Instant start = LocalDateTime.parse(log.getStartTime(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
			.atOffset(ZoneOffset.ofHours(8))
			.toInstant();
		return new ScfLogEntry(log.getFunctionName(), log.getRetMsg(), log.getRequestId(), start, log.getRetCode(),
				log.getInvokeFinished(), Float.toString(log.getDuration()), log.getBillDuration(), log.getMemUsage(),
				log.getLog(), log.getLevel(), log.getSource(), log.getRetryNum(), "default", ScfDataset.DEFAULT_QUALIFIER);
	}

	/** The dataset's entry with Duration rounded the way Gson reads a JSON number into a Float. */
	private static ScfLogEntry asSdkSeesIt(ScfLogEntry log) {
		return new ScfLogEntry(log.functionName(), log.retMsg(), log.requestId(), log.startTime(), log.retCode(),
				log.invokeFinished(), Float.toString((float) Double.parseDouble(log.duration())), log.billDuration(),
				log.memUsage(), log.log(), log.level(), log.source(), log.retryNum(), log.namespace(), log.qualifier());
	}

}
