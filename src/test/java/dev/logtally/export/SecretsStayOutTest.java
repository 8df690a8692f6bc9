package dev.logtally.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No credential value appears in the output, the log file, the job repository's tables (execution contexts decoded)
 * or the archive: after a successful run and after a run the source refuses.
 */
class SecretsStayOutTest {

	private static final String SECRET_ID = "AKIDsentinelIdValue7731";

	private static final String SECRET_KEY = "sentinelSecretKeyValue4412";

	private static final String TOKEN = "sentinelTokenValue9057";

	@TempDir
	Path dir;

	@Test
	void noSecretValueAppearsAnywhereARunLeavesTraces() throws Exception {
		List<String> printed = new ArrayList<>();
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY, TOKEN)
			.dataset(ScfDataset.builder(21)
				.function("default", "fn-a", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-01T16:00:00Z"), 700)
				.function("default", "deleted-fn", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-01T16:00:00Z"), 10)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			// A failed window leaves its failure in the job repository: deleted after the check before the run.
			emulator.faults().deleteFunction("deleted-fn", 1);
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY, TOKEN)
				.function("fn-a")
				.function("deleted-fn")
				.writeTo(this.dir.resolve("job.yaml"));
			CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
					"--home", this.dir.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
			printed.add(run.out() + run.err());

			Path wrongKey = SpecBuilder.forEndpoint(emulator.endpoint())
				.name("other")
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("wrong"), SECRET_ID, SECRET_KEY + "-wrong", TOKEN)
				.function("fn-a")
				.writeTo(this.dir.resolve("wrong.yaml"));
			CliRun refused = CliRun.of("export", "--job", wrongKey.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", this.dir.resolve("home").toString());
			assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
			printed.add(refused.out() + refused.err());
		}

		assertNoSecretAnywhere(printed);
	}

	/** The legacy API carries SecretId and Token in the request itself: in its URL, when it is a GET. */
	@Test
	void noSecretValueAppearsAnywhereALegacyRunLeavesTracesEvenWithParametersInTheUrl() throws Exception {
		List<String> printed = new ArrayList<>();
		try (ScfLegacyEmulator emulator = ScfLegacyEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY, TOKEN)
			.dataset(ScfDataset.builder(21)
				.function("default", "fn-a", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-01T16:00:00Z"), 700)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			emulator.faults().dropConnections(2).failWithHttpStatus(503, 20);
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.sourceType("tencent-scf-legacy")
				.sourceOption("httpMethod: GET")
				.retry(3, "1ms", "5ms")
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY, TOKEN)
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			CliRun failing = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", this.dir.resolve("home").toString());
			assertThat(failing.exitCode()).as(failing.output()).isEqualTo(2);
			printed.add(failing.out() + failing.err());
			emulator.faults().reset();
			CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
					"--home", this.dir.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
			printed.add(run.out() + run.err());

			Path wrongKey = SpecBuilder.forEndpoint(emulator.endpoint())
				.name("other")
				.sourceType("tencent-scf-legacy")
				.sourceOption("httpMethod: GET")
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("wrong"), SECRET_ID, SECRET_KEY + "-wrong", TOKEN)
				.function("fn-a")
				.writeTo(this.dir.resolve("wrong.yaml"));
			CliRun refused = CliRun.of("export", "--job", wrongKey.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", this.dir.resolve("home").toString());
			assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
			assertThat(refused.err()).contains("code 4100");
			printed.add(refused.out() + refused.err());
		}

		assertNoSecretAnywhere(printed);
	}

	/**
	 * The private key that signs run manifests: neither its PEM body nor its bytes in hex appear in the output, the
	 * home (log, reports, metrics), the archive or the job repository, after a signed run and after a run whose key file
	 * is not a key.
	 */
	@Test
	void noSigningKeyAppearsAnywhereASignedRunLeavesTraces() throws Exception {
		List<String> printed = new ArrayList<>();
		Path keys = this.dir.resolve("keys");
		CliRun keygen = CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops");
		assertThat(keygen.exitCode()).as(keygen.output()).isZero();
		printed.add(keygen.out() + keygen.err());
		String pem = Files.readString(keys.resolve("ops.key"));
		String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		byte[] der = Base64.getDecoder().decode(body);
		// The key itself: the last 32 bytes of its PKCS#8 form (the rest is the same for every Ed25519 key).
		String seed = java.util.HexFormat.of().formatHex(der, der.length - 32, der.length);
		String seedBase64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(der, der.length - 32,
				der.length));
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY, TOKEN)
			.dataset(ScfDataset.builder(21)
				.function("default", "fn-a", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-01T16:00:00Z"), 300)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			String yaml = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY, TOKEN)
				.function("fn-a")
				.yaml();
			Path spec = Files.writeString(this.dir.resolve("job.yaml"),
					yaml + "signing:\n  key: {file: " + keys.resolve("ops.key") + "}\n  keyId: ops\n");
			CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
					"--home", this.dir.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isZero();
			printed.add(run.out() + run.err());

			// A key file that holds the key's body without its armour: refused, and not echoed.
			Files.writeString(keys.resolve("bare.key"), body + "\n");
			Path bare = Files.writeString(this.dir.resolve("bare.yaml"), yaml.replace("name: test-export", "name: other")
					+ "signing:\n  key: {file: " + keys.resolve("bare.key") + "}\n  keyId: ops\n");
			CliRun refused = CliRun.of("export", "--job", bare.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", this.dir.resolve("home").toString());
			assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
			assertThat(refused.err()).contains("signing.key: file " + keys.resolve("bare.key") + " is not an Ed25519 "
					+ "private key");
			printed.add(refused.out() + refused.err());
		}
		assertThat(this.dir.resolve("archive/_runs/test-export/000001.json.sig")).exists();

		assertNoSecretAnywhere(printed, List.of(SECRET_KEY, TOKEN, SECRET_ID, body, seed, seedBase64));
	}

	private void assertNoSecretAnywhere(List<String> printed) throws Exception {
		assertNoSecretAnywhere(printed, List.of(SECRET_KEY, TOKEN, SECRET_ID));
	}

	private void assertNoSecretAnywhere(List<String> printed, List<String> secrets) throws Exception {
		for (String text : printed) {
			assertThat(text).doesNotContain(secrets);
		}
		assertThat(filesContaining(this.dir.resolve("home"), secrets)).isEmpty();
		assertThat(filesContaining(this.dir.resolve("archive"), secrets)).isEmpty();
		List<String> tables = repositoryText(this.dir.resolve("home"));
		assertThat(tables).anySatisfy((row) -> assertThat(row).contains("reader.read"));
		for (String secret : secrets) {
			assertThat(tables).noneSatisfy((row) -> assertThat(row).contains(secret));
		}
	}

	private static List<Path> filesContaining(Path root, List<String> needles) throws IOException {
		List<Path> hits = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
				if (needles.stream().anyMatch(content::contains)) {
					hits.add(file);
				}
			}
		}
		return hits;
	}

	/**
	 * Every row of every table of every job's repository under the home ({@code jobs/<job>/}) as text, with serialized
	 * execution contexts decoded.
	 */
	private static List<String> repositoryText(Path home) throws SQLException, IOException {
		List<Path> databases;
		try (Stream<Path> jobs = Files.list(home.resolve("jobs"))) {
			databases = jobs.map((job) -> job.resolve("repository"))
				.filter((database) -> Files.exists(database.resolveSibling("repository.mv.db")))
				.toList();
		}
		assertThat(databases).isNotEmpty();
		List<String> rows = new ArrayList<>();
		for (Path database : databases) {
			rows.addAll(rowsOf(database));
		}
		return rows;
	}

	private static List<String> rowsOf(Path database) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
				Statement statement = connection.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet result = statement.executeQuery(
					"SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
				while (result.next()) {
					tables.add(result.getString(1));
				}
			}
			assertThat(tables).contains("BATCH_JOB_EXECUTION_PARAMS", "BATCH_STEP_EXECUTION_CONTEXT", "LOGTALLY_LOCK");
			for (String table : tables) {
				// quoted: Flyway's history table is named in lower case
				try (ResultSet result = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
					int columns = result.getMetaData().getColumnCount();
					while (result.next()) {
						StringBuilder row = new StringBuilder(table);
						for (int i = 1; i <= columns; i++) {
							String value = result.getString(i);
							row.append(" | ").append(value);
							if (result.getMetaData().getColumnName(i).endsWith("CONTEXT") && value != null) {
								row.append(" | decoded: ").append(decode(value));
							}
						}
						rows.add(row.toString());
					}
				}
			}
		}
		return rows;
	}

	private static String decode(String serialized) {
		try (ObjectInputStream in = new ObjectInputStream(
				new ByteArrayInputStream(Base64.getDecoder().decode(serialized)))) {
			return String.valueOf((Map<?, ?>) in.readObject());
		}
		catch (IOException | ClassNotFoundException | IllegalArgumentException ex) {
			return serialized;
		}
	}

}
