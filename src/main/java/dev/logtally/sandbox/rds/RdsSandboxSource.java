package dev.logtally.sandbox.rds;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import dev.logtally.sandbox.CredentialFiles;
import dev.logtally.sandbox.SandboxSource;
import dev.logtally.window.Window;

/**
 * RDS in the sandbox: an instance's audit-log files behind download links that expire, at 60 requests per minute per
 * AK; the demo's first download arrives short once.
 */
public final class RdsSandboxSource implements SandboxSource {

	private static final String ACCESS_KEY = "HWDEMOLOGTALLYAK";

	private static final String PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final long DAY = 86_400;

	private static final Instant CONTRACT_DAY = Instant.parse("2026-10-31T16:00:00Z");

	@Override
	public String kind() {
		return "huawei-rds";
	}

	@Override
	public String label() {
		return "RDS";
	}

	@Override
	public String demoConditions() {
		return "(60 requests/min per AK; audit-log files behind links that expire after 5 minutes)";
	}

	@Override
	public String demoExports() {
		return "the audit logs of one RDS instance";
	}

	@Override
	public Started startDemo(DemoSetup setup) throws IOException {
		Instant day1 = setup.firstDay();
		RdsDataset dataset = RdsDataset.builder(2026)
			.instance(PROJECT, INSTANCE, day1, day1.plusSeconds(3 * DAY), 30)
			.largeFiles(PROJECT, INSTANCE, 1, 8L * 1024 * 1024)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path accessKeyFile = CredentialFiles.write(setup.credentials(), "rds-access-key", ACCESS_KEY);
		Path secretKeyFile = CredentialFiles.write(setup.credentials(), "rds-secret-key", secretKey);
		RdsEmulator emulator = RdsEmulator.builder()
			.credential(ACCESS_KEY, secretKey)
			.dataset(dataset)
			.rateLimitPerMinute(setup.rateLimit() == 0 ? 0 : 60)
			.port(setup.port())
			.start();
		// Its first download arrives short, as through a faulty proxy: logtally fetches the file again.
		emulator.faults().shortDownloads(1);
		String section = section("rds-demo", emulator.endpoint(), accessKeyFile, secretKeyFile, "    rateLimit: 1\n");
		return new Started(this, emulator, "rds-demo", section, secretKeyFile, Optional.empty(),
				() -> " (and " + emulator.downloadCount() + " audit-log files)");
	}

	@Override
	public Started startContract(Path credentials) throws IOException {
		RdsDataset dataset = RdsDataset.builder(26)
			.instance(PROJECT, INSTANCE, CONTRACT_DAY.plusSeconds(3_600), CONTRACT_DAY.plusSeconds(DAY - 3_600), 8)
			.build();
		String secretKey = CredentialFiles.freshSecret();
		Path accessKeyFile = CredentialFiles.write(credentials, "rds-access-key", ACCESS_KEY);
		Path secretKeyFile = CredentialFiles.write(credentials, "rds-secret-key", secretKey);
		RdsEmulator emulator = RdsEmulator.builder()
			.credential(ACCESS_KEY, secretKey)
			.dataset(dataset)
			.rateLimitPerMinute(0)
			.start();
		String section = section("rds-contract", emulator.endpoint(), accessKeyFile, secretKeyFile,
				"    rateLimit: 1000\n    pageSize: 3\n");
		ContractTarget target = new ContractTarget(INSTANCE, new Window(CONTRACT_DAY, CONTRACT_DAY.plusSeconds(DAY)),
				dataset.files(PROJECT, INSTANCE).size());
		return new Started(this, emulator, "rds-contract", section, secretKeyFile, Optional.of(target),
				() -> " (and " + emulator.downloadCount() + " audit-log files)");
	}

	private static String section(String id, URI endpoint, Path accessKey, Path secretKey, String limits) {
		return """
				  - id: %s
				    type: huawei-rds
				    endpoint: %s
				    projectId: %s
				    credentials:
				      accessKey: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				""".formatted(id, endpoint, PROJECT, accessKey, secretKey) + limits + """
				    targets:
				      - instance: %s
				""".formatted(INSTANCE);
	}

}
