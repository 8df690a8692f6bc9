package dev.logtally.sandbox.scf;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import dev.logtally.sandbox.CredentialFiles;
import dev.logtally.sandbox.SandboxSource;
import dev.logtally.window.Window;

/**
 * SCF API 3.0 in the sandbox: three functions over three days, one busier than the 10,000-log cap of a query, at the
 * documented 5 requests per second per SecretId.
 */
public final class ScfSandboxSource implements SandboxSource {

	private static final String SECRET_ID = "AKIDlogtallyDemo";

	private static final long DAY = 86_400;

	/** The contract's day, and its function, which logs on it only. */
	private static final Instant CONTRACT_DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final int CONTRACT_LOGS = 45;

	@Override
	public String kind() {
		return "tencent-scf";
	}

	@Override
	public String label() {
		return "SCF";
	}

	@Override
	public String demoConditions() {
		return "(5 requests/s per SecretId, as documented)";
	}

	@Override
	public String demoExports() {
		return "SCF functions order-api, payment-worker and thumbnailer (12,000 logs on one day)";
	}

	@Override
	public Started startDemo(DemoSetup setup) throws IOException {
		Instant day1 = setup.firstDay();
		ScfDataset dataset = ScfDataset.builder(2026)
			.function("default", "order-api", day1, day1.plusSeconds(3 * DAY), 1_200)
			.function("default", "payment-worker", day1, day1.plusSeconds(3 * DAY), 750)
			.burst("default", "payment-worker", day1.plusSeconds(DAY + 3_600), 40)
			.function("default", "thumbnailer", day1.plusSeconds(DAY), day1.plusSeconds(2 * DAY), 12_000)
			.largeFields(5_000, 262_144)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path secretIdFile = CredentialFiles.write(setup.credentials(), "secret-id", SECRET_ID);
		Path secretKeyFile = CredentialFiles.write(setup.credentials(), "secret-key", secretKey);
		ScfEmulator emulator = ScfEmulator.builder()
			.credential(SECRET_ID, secretKey)
			.dataset(dataset)
			.rateLimitPerSecond(setup.rateLimit())
			.port(setup.port())
			.start();
		String section = section("scf-demo", emulator.endpoint(), secretIdFile, secretKeyFile, "    rateLimit: 5\n"
				+ "    pageSize: 500\n", "order-api", "payment-worker", "thumbnailer");
		return new Started(this, emulator, "scf-demo", section, secretKeyFile, Optional.empty(), () -> "");
	}

	@Override
	public Started startContract(Path credentials) throws IOException {
		ScfDataset dataset = ScfDataset.builder(26)
			.function("default", "contract-fn", CONTRACT_DAY.plusSeconds(3_600), CONTRACT_DAY.plusSeconds(DAY - 3_600),
					CONTRACT_LOGS)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path secretIdFile = CredentialFiles.write(credentials, "secret-id", SECRET_ID);
		Path secretKeyFile = CredentialFiles.write(credentials, "secret-key", secretKey);
		ScfEmulator emulator = ScfEmulator.builder()
			.credential(SECRET_ID, secretKey)
			.dataset(dataset)
			.rateLimitPerSecond(0)
			.start();
		String section = section("scf-contract", emulator.endpoint(), secretIdFile, secretKeyFile,
				"    rateLimit: 1000\n    pageSize: 10\n", "contract-fn");
		ContractTarget target = new ContractTarget("contract-fn", new Window(CONTRACT_DAY, CONTRACT_DAY.plusSeconds(DAY)),
				dataset.logs("default", "contract-fn").size());
		return new Started(this, emulator, "scf-contract", section, secretKeyFile, Optional.of(target), () -> "");
	}

	private static String section(String id, URI endpoint, Path secretId, Path secretKey, String limits,
			String... functions) {
		StringBuilder section = new StringBuilder("""
				  - id: %s
				    type: tencent-scf
				    endpoint: %s
				    region: ap-guangzhou
				    credentials:
				      secretId: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				""".formatted(id, endpoint, secretId, secretKey)).append(limits).append("    targets:\n");
		for (String function : functions) {
			section.append("      - function: ").append(function).append('\n');
		}
		return section.toString();
	}

}
