package dev.logtally.sandbox.sls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import dev.logtally.sandbox.CredentialFiles;
import dev.logtally.sandbox.SandboxSource;
import dev.logtally.window.Window;

/**
 * SLS in the sandbox: a logstore whose ties SLS reorders on every request and whose pages answer Incomplete before
 * they complete, within the read limit per project and second.
 */
public final class SlsSandboxSource implements SandboxSource {

	private static final String ACCESS_KEY_ID = "LTAIlogtallyDemo";

	private static final String PROJECT = "demo-project";

	/** The SLS sandbox's read limit per project and second; the demo spec's rateLimit stays under it. */
	private static final int READ_QPS = 50;

	private static final long DAY = 86_400;

	private static final Instant CONTRACT_DAY = Instant.parse("2026-10-31T16:00:00Z");

	@Override
	public String kind() {
		return "aliyun-sls";
	}

	@Override
	public String label() {
		return "SLS";
	}

	@Override
	public String demoConditions() {
		return "(pages answer Incomplete up to twice; ties come back in a new order on every request)";
	}

	@Override
	public String demoExports() {
		return "SLS logstore app-log";
	}

	@Override
	public Started startDemo(DemoSetup setup) throws IOException {
		Instant day1 = setup.firstDay();
		SlsDataset dataset = SlsDataset.builder(2026)
			.logstore(PROJECT, "app-log", day1, day1.plusSeconds(3 * DAY), 6_000)
			.burst(PROJECT, "app-log", day1.plusSeconds(DAY + 7_200), 400)
			.identical(PROJECT, "app-log", 5)
			.build();
		String secret = CredentialFiles.freshSecret();
		Path keyIdFile = CredentialFiles.write(setup.credentials(), "access-key-id", ACCESS_KEY_ID);
		Path secretFile = CredentialFiles.write(setup.credentials(), "access-key-secret", secret);
		SlsEmulator emulator = SlsEmulator.builder()
			.credential(ACCESS_KEY_ID, secret)
			.dataset(dataset)
			.readQpsPerProject(setup.rateLimit() == 0 ? 0 : READ_QPS)
			.port(setup.port())
			.start();
		emulator.faults().incompleteRepeats(0, 2);
		String section = section("sls-demo", emulator.endpoint(), keyIdFile, secretFile,
				"    rateLimit: " + (READ_QPS - 10) + "\n");
		return new Started(this, emulator, "sls-demo", section, secretFile, Optional.empty(), () -> "");
	}

	@Override
	public Started startContract(Path credentials) throws IOException {
		SlsDataset dataset = SlsDataset.builder(26)
			.logstore(PROJECT, "app-log", CONTRACT_DAY.plusSeconds(3_600), CONTRACT_DAY.plusSeconds(DAY - 3_600), 60)
			.identical(PROJECT, "app-log", 3)
			.build();
		String secret = CredentialFiles.freshSecret();
		Path keyIdFile = CredentialFiles.write(credentials, "access-key-id", ACCESS_KEY_ID);
		Path secretFile = CredentialFiles.write(credentials, "access-key-secret", secret);
		SlsEmulator emulator = SlsEmulator.builder().credential(ACCESS_KEY_ID, secret).dataset(dataset).start();
		String section = section("sls-contract", emulator.endpoint(), keyIdFile, secretFile,
				"    rateLimit: 1000\n    pageSize: 10\n");
		ContractTarget target = new ContractTarget("app-log", new Window(CONTRACT_DAY, CONTRACT_DAY.plusSeconds(DAY)),
				dataset.size(PROJECT, "app-log"));
		return new Started(this, emulator, "sls-contract", section, secretFile, Optional.of(target), () -> "");
	}

	private static String section(String id, URI endpoint, Path keyId, Path secret, String limits) {
		return """
				  - id: %s
				    type: aliyun-sls
				    endpoint: %s
				    project: %s
				    credentials:
				      accessKeyId: {file: %s}
				      accessKeySecret: {file: %s}
				    window: 1d
				""".formatted(id, endpoint, PROJECT, keyId, secret) + limits + """
				    retry: {initialBackoff: 50ms, maxBackoff: 1s}
				    targets:
				      - logstore: app-log
				""";
	}

}
