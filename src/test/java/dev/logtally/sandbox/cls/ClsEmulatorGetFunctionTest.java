package dev.logtally.sandbox.cls;

import java.time.Instant;

import dev.logtally.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLS emulator standing for Tencent's API gateway in the sandbox: SCF's {@code GetFunction} (its own version,
 * signed like any request) names the topic a declared function delivers to, and refuses one it does not know.
 */
class ClsEmulatorGetFunctionTest {

	private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");

	private static final String TOPIC = "c3a1e2f0-0000-4000-8000-00000000f00d";

	private static final String ID = "AKIDclsGetFunction";

	private static final String KEY = "cls-get-function-key";

	private final MutableClock clock = new MutableClock(NOW);

	private ClsEmulator emulator;

	@BeforeEach
	void start() {
		this.emulator = ClsEmulator.builder()
			.clock(this.clock)
			.credential(ID, KEY)
			.dataset(ClsDataset.builder(1).topic(TOPIC, NOW.minusSeconds(3_600), NOW, 10).build())
			.function("default", "order-api", TOPIC)
			.function("default", "old-fn", "")
			.start();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void answersTheTopicADeclaredFunctionDeliversTo() throws Exception {
		ClsReply reply = getFunction().with("FunctionName", "order-api", "Namespace", "default").reply();

		assertThat(reply.ok()).as(reply.toString()).isTrue();
		assertThat(reply.response().get("ClsTopicId").stringValue()).isEqualTo(TOPIC);
		assertThat(this.emulator.requestCount("GetFunction")).isEqualTo(1);
	}

	@Test
	void answersAnEmptyTopicForAFunctionWithoutDeliveryAndRefusesAnUnknownFunction() throws Exception {
		assertThat(getFunction().with("FunctionName", "old-fn").reply().response().get("ClsTopicId").stringValue())
			.isEmpty();
		assertThat(getFunction().with("FunctionName", "order-api", "Namespace", "prod").reply().errorCode())
			.isEqualTo("ResourceNotFound.Function");
	}

	@Test
	void refusesGetFunctionAtCLSsVersionAndAParameterItDoesNotDefine() throws Exception {
		assertThat(getFunction().header("X-TC-Version", "2020-10-16").with("FunctionName", "order-api").reply()
			.errorCode()).isEqualTo("NoSuchVersion");
		assertThat(getFunction().with("FunctionName", "order-api", "TopicId", TOPIC).reply().errorCode())
			.isEqualTo("UnknownParameter");
	}

	private ClsCall getFunction() {
		return ClsCall.search(this.emulator, ID, KEY, this.clock)
			.header("X-TC-Action", "GetFunction")
			.header("X-TC-Version", "2018-04-16")
			.service("scf");
	}

}
