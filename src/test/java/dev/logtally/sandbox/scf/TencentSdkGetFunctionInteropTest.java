package dev.logtally.sandbox.scf;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.scf.v20180416.ScfClient;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Tencent Cloud Java SDK's {@code ScfClient.GetFunction} against the SCF emulator: a function that
 * delivers its logs to CLS names its topic, one that delivers none names none, and a function that does not exist is
 * the SDK's exception with SCF's code.
 */
class TencentSdkGetFunctionInteropTest {

	private static final String ID = "AKIDsdkGetFunction";

	private static final String KEY = "sdk-get-function-secret";

	private static final String TOPIC = "7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private ScfEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = ScfEmulator.builder()
			.credential(ID, KEY)
			.dataset(ScfDataset.builder(1436)
				.function("default", "old-fn", this.now.minusSeconds(7_200), this.now.minusSeconds(3_600), 5)
				.build())
			.clsTopic("prod", "order-api", TOPIC)
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void sdkGetFunctionGetsTheTopicTheFunctionDeliversItsLogsTo() throws Exception {
		GetFunctionRequest request = new GetFunctionRequest();
		request.setFunctionName("order-api");
		request.setNamespace("prod");
		request.setQualifier("$LATEST");

		GetFunctionResponse response = client().GetFunction(request);

		assertThat(response.getClsTopicId()).isEqualTo(TOPIC);
		assertThat(response.getClsLogsetId()).isNotEmpty();
		assertThat(response.getFunctionName()).isEqualTo("order-api");
		assertThat(response.getNamespace()).isEqualTo("prod");
		assertThat(this.emulator.getFunctionCount()).isEqualTo(1);
	}

	@Test
	void aFunctionWithoutCLSDeliveryAnswersAnEmptyTopic() throws Exception {
		GetFunctionRequest request = new GetFunctionRequest();
		request.setFunctionName("old-fn");

		assertThat(client().GetFunction(request).getClsTopicId()).isEmpty();
	}

	@Test
	void aFunctionThatDoesNotExistIsTheSdksExceptionWithSCFsCode() {
		GetFunctionRequest request = new GetFunctionRequest();
		request.setFunctionName("order-api");

		assertThatExceptionOfType(TencentCloudSDKException.class).isThrownBy(() -> client().GetFunction(request))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("ResourceNotFound.Function"));
	}

	private ScfClient client() {
		HttpProfile http = new HttpProfile();
		http.setEndpoint("127.0.0.1:" + this.emulator.port());
		http.setProtocol(HttpProfile.REQ_HTTP);
		ClientProfile profile = new ClientProfile();
		profile.setHttpProfile(http);
		return new ScfClient(new Credential(ID, KEY), "ap-guangzhou", profile);
	}

}
