package dev.logtally.sandbox.cls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import dev.logtally.sandbox.CredentialFiles;
import dev.logtally.sandbox.SandboxSource;
import dev.logtally.window.Window;

/**
 * CLS in the sandbox: one topic over three days whose busiest hour holds more than the 10,000 logs one query's
 * contexts reach, with a burst of logs in one millisecond (more than a page) and logs stored twice; ties come back in
 * a new order on every query. And an SCF function read through CLS, as current Tencent accounts keep function logs:
 * {@value #DEMO_FUNCTION} shares an SCF-style default topic with another function, and its source finds the topic by
 * asking {@code GetFunction}. The CLS emulator answers that too (it stands for Tencent's API gateway in the sandbox),
 * so the sandbox keeps one emulator, and one port, per source kind.
 */
public final class ClsSandboxSource implements SandboxSource {

	private static final String SECRET_ID = "AKIDlogtallyClsDemo";

	/** The demo's topic, a UUID as CLS names topics. */
	static final String DEMO_TOPIC = "c3a1b7d2-5e4f-4a8b-9c6d-0e1f2a3b4c5d";

	/** The topic SCF delivers the demo's functions' logs to, named as SCF names its default topics. */
	static final String FUNCTION_TOPIC = "5cf1a2b3-c4d5-4e6f-8a7b-9c0d1e2f3a4b";

	/** The function the demo reads through CLS; another function delivers to its topic too. */
	static final String DEMO_FUNCTION = "order-api";

	private static final String CONTRACT_TOPIC = "c3a1b7d2-0000-4a8b-9c6d-00000000c0de";

	/** The sandbox's limit per SecretId and second; the demo spec's rateLimit stays under it. */
	private static final int RATE_LIMIT = 20;

	private static final long DAY = 86_400;

	private static final Instant CONTRACT_DAY = Instant.parse("2026-10-31T16:00:00Z");

	@Override
	public String kind() {
		return "tencent-cls";
	}

	@Override
	public String label() {
		return "CLS";
	}

	@Override
	public String demoConditions() {
		return "(15 queries in flight per topic; ties come back in a new order on every query)";
	}

	@Override
	public String demoExports() {
		return "CLS topic " + DEMO_TOPIC + " (more than 13,500 logs in one hour, more than one query reaches) and SCF "
				+ "function " + DEMO_FUNCTION + " through CLS";
	}

	@Override
	public Started startDemo(DemoSetup setup) throws IOException {
		Instant day1 = setup.firstDay();
		Instant busyHour = day1.plusSeconds(DAY + 10 * 3_600);
		ClsDataset dataset = ClsDataset.builder(2026)
			.topicName(DEMO_TOPIC, "SCF_logtopic_demo")
			.topic(DEMO_TOPIC, day1, day1.plusSeconds(3 * DAY), 3_000)
			.topic(DEMO_TOPIC, busyHour, busyHour.plusSeconds(3_600), 12_000)
			.burst(DEMO_TOPIC, busyHour.plusMillis(1_234_567), 1_500)
			.identical(DEMO_TOPIC, 5)
			.topicName(FUNCTION_TOPIC, "SCF_logtopic_kQ7mZp2x")
			.function(FUNCTION_TOPIC, "default", DEMO_FUNCTION, day1, day1.plusSeconds(3 * DAY), 600)
			.function(FUNCTION_TOPIC, "default", "payment-worker", day1, day1.plusSeconds(3 * DAY), 400)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path secretIdFile = CredentialFiles.write(setup.credentials(), "cls-secret-id", SECRET_ID);
		Path secretKeyFile = CredentialFiles.write(setup.credentials(), "cls-secret-key", secretKey);
		ClsEmulator emulator = ClsEmulator.builder()
			.credential(SECRET_ID, secretKey)
			.dataset(dataset)
			.rateLimitPerSecond(setup.rateLimit() == 0 ? 0 : RATE_LIMIT)
			.function("default", DEMO_FUNCTION, FUNCTION_TOPIC)
			.function("default", "payment-worker", FUNCTION_TOPIC)
			.port(setup.port())
			.start();
		// the two sources share the SecretId's budget, under the emulator's limit
		String section = section("cls-demo", emulator.endpoint(), secretIdFile, secretKeyFile, "    rateLimit: 10\n",
				DEMO_TOPIC) + """
				  - id: cls-functions
				    type: tencent-cls
				    endpoint: %1$s
				    scfEndpoint: %1$s
				    region: ap-guangzhou
				    credentials:
				      secretId: {file: %2$s}
				      secretKey: {file: %3$s}
				    window: 1d
				    rateLimit: 10
				    targets:
				      - function: %4$s
				""".formatted(emulator.endpoint(), secretIdFile, secretKeyFile, DEMO_FUNCTION);
		return new Started(this, emulator, "cls-demo", section, secretKeyFile, Optional.empty(), () -> "");
	}

	@Override
	public Started startContract(Path credentials) throws IOException {
		// no identical copies: the contract counts every record once, by its natural key
		Instant start = CONTRACT_DAY.plusSeconds(3 * 3_600);
		ClsDataset dataset = ClsDataset.builder(26)
			.topic(CONTRACT_TOPIC, start, start.plusSeconds(3 * 3_600), 300)
			.burst(CONTRACT_TOPIC, start.plusMillis(4_321_987), 60)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path secretIdFile = CredentialFiles.write(credentials, "cls-secret-id", SECRET_ID);
		Path secretKeyFile = CredentialFiles.write(credentials, "cls-secret-key", secretKey);
		ClsEmulator emulator = ClsEmulator.builder().credential(SECRET_ID, secretKey).dataset(dataset).start();
		String section = section("cls-contract", emulator.endpoint(), secretIdFile, secretKeyFile,
				"    rateLimit: 1000\n    pageSize: 50\n", CONTRACT_TOPIC);
		ContractTarget target = new ContractTarget(CONTRACT_TOPIC,
				new Window(CONTRACT_DAY, CONTRACT_DAY.plusSeconds(DAY)), dataset.size(CONTRACT_TOPIC));
		return new Started(this, emulator, "cls-contract", section, secretKeyFile, Optional.of(target), () -> "");
	}

	private static String section(String id, URI endpoint, Path secretId, Path secretKey, String limits,
			String topic) {
		return """
				  - id: %s
				    type: tencent-cls
				    endpoint: %s
				    region: ap-guangzhou
				    credentials:
				      secretId: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				""".formatted(id, endpoint, secretId, secretKey) + limits + """
				    targets:
				      - topic: %s
				""".formatted(topic);
	}

}
