package dev.logtally.sandbox.legacy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import dev.logtally.sandbox.CredentialFiles;
import dev.logtally.sandbox.SandboxSource;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.window.Window;

/**
 * Legacy SCF (API v2) in the sandbox: an older account's function, paged newest first with no time range, with newer
 * logs on top of the demo's range, at 5 requests per second per SecretId and with replayed nonces refused.
 */
public final class ScfLegacySandboxSource implements SandboxSource {

	private static final String SECRET_ID = "AKIDlogtallyLegacyDemo";

	private static final long DAY = 86_400;

	private static final Instant CONTRACT_DAY = Instant.parse("2026-10-31T16:00:00Z");

	@Override
	public String kind() {
		return "tencent-scf-legacy";
	}

	@Override
	public String label() {
		return "legacy SCF";
	}

	@Override
	public String demoConditions() {
		return "(API v2: no time range, newest first; 5 requests/s per SecretId; nonces checked for replays)";
	}

	@Override
	public String demoExports() {
		return "function nightly-report through the legacy SCF API";
	}

	@Override
	public Started startDemo(DemoSetup setup) throws IOException {
		Instant day1 = setup.firstDay();
		ScfDataset dataset = ScfDataset.builder(2026)
			.function("default", "nightly-report", day1, day1.plusSeconds(4 * DAY), 1_200)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path secretIdFile = CredentialFiles.write(setup.credentials(), "legacy-secret-id", SECRET_ID);
		Path secretKeyFile = CredentialFiles.write(setup.credentials(), "legacy-secret-key", secretKey);
		ScfLegacyEmulator emulator = ScfLegacyEmulator.builder()
			.credential(SECRET_ID, secretKey)
			.dataset(dataset)
			.rateLimitPerSecond(setup.rateLimit())
			.port(setup.port())
			.start();
		String section = section("scf-legacy-demo", emulator.endpoint(), secretIdFile, secretKeyFile,
				"    rateLimit: 5\n", "nightly-report");
		return new Started(this, emulator, "scf-legacy-demo", section, secretKeyFile, Optional.empty(), () -> "");
	}

	/** Its function logs on the day before and the day after the contract's window too, which paging must pass over. */
	@Override
	public Started startContract(Path credentials) throws IOException {
		Window window = new Window(CONTRACT_DAY, CONTRACT_DAY.plusSeconds(DAY));
		ScfDataset dataset = ScfDataset.builder(26)
			.function("default", "contract-fn", CONTRACT_DAY.minusSeconds(DAY), CONTRACT_DAY.plusSeconds(2 * DAY), 90)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path secretIdFile = CredentialFiles.write(credentials, "legacy-secret-id", SECRET_ID);
		Path secretKeyFile = CredentialFiles.write(credentials, "legacy-secret-key", secretKey);
		ScfLegacyEmulator emulator = ScfLegacyEmulator.builder()
			.credential(SECRET_ID, secretKey)
			.dataset(dataset)
			.rateLimitPerSecond(0)
			.start();
		String section = section("scf-legacy-contract", emulator.endpoint(), secretIdFile, secretKeyFile,
				"    rateLimit: 1000\n    pageSize: 7\n", "contract-fn");
		long inWindow = dataset.logs("default", "contract-fn")
			.stream()
			.filter((log) -> !log.startTime().isBefore(window.start()) && log.startTime().isBefore(window.end()))
			.count();
		return new Started(this, emulator, "scf-legacy-contract", section, secretKeyFile,
				Optional.of(new ContractTarget("contract-fn", window, inWindow)), () -> "");
	}

	private static String section(String id, URI endpoint, Path secretId, Path secretKey, String limits,
			String function) {
		return """
				  - id: %s
				    type: tencent-scf-legacy
				    endpoint: %s
				    region: ap-guangzhou
				    credentials:
				      secretId: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				""".formatted(id, endpoint, secretId, secretKey) + limits + """
				    targets:
				      - function: %s
				""".formatted(function);
	}

}
