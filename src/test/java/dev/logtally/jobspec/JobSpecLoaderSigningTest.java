package dev.logtally.jobspec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import dev.logtally.source.SourceKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The spec's {@code signing} section: where the Ed25519 private key is, and its id. A key that cannot be used is named
 * by field and file before anything runs, and its bytes appear in no message.
 */
class JobSpecLoaderSigningTest {

	private static final String SPEC = """
			name: signed
			destination:
			  path: archive
			sources:
			  - id: scf
			    type: tencent-scf
			    endpoint: http://127.0.0.1:8080
			    region: ap-guangzhou
			    credentials:
			      secretId: {env: SCF_SECRET_ID}
			      secretKey: {env: SCF_SECRET_KEY}
			    targets:
			      - function: order-api
			""";

	@TempDir
	Path dir;

	@Test
	void aSpecWithoutSigningSignsNothing() throws IOException {
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of());
		JobSpec spec = loader.load(write(SPEC));

		assertThat(spec.signing()).isNull();
		assertThat(loader.resolveSigningKey(spec)).isNull();
	}

	@Test
	void readsTheKeyFileRelativeToTheSpecAndResolvesItsEd25519Key() throws Exception {
		KeyPair pair = ed25519();
		Files.createDirectories(this.dir.resolve("keys"));
		Files.writeString(this.dir.resolve("keys/ops-2026.key"), Ed25519Pem.encode(pair.getPrivate()));
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of());
		JobSpec spec = loader.load(write(SPEC + "signing:\n  key: {file: keys/ops-2026.key}\n  keyId: ops-2026\n"));

		SigningKey key = loader.resolveSigningKey(spec);

		assertThat(spec.signing()).isEqualTo(
				new SigningSpec(new CredentialRef.File(this.dir.resolve("keys/ops-2026.key")), "ops-2026"));
		assertThat(key.keyId()).isEqualTo("ops-2026");
		assertThat(key.privateKey().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
		assertThat(key).hasToString("Ed25519 signing key ops-2026");
	}

	@Test
	void readsTheKeyFromAnEnvironmentVariable() throws Exception {
		KeyPair pair = ed25519();
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(),
				Map.of("SIGNING_KEY", Ed25519Pem.encode(pair.getPrivate())));
		JobSpec spec = loader.load(write(SPEC + "signing:\n  key: {env: SIGNING_KEY}\n  keyId: k1\n"));

		assertThat(loader.resolveSigningKey(spec).privateKey().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
	}

	@Test
	void namesEachBadSigningFieldWithItsLine() throws IOException {
		Path file = write(SPEC + "signing:\n  key: \"-----BEGIN PRIVATE KEY----- MC4CAQAwBQ\"\n  keyId: ../ops\n"
				+ "  algorithm: rsa\n");

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.isInstanceOf(SpecException.class)
			.satisfies((ex) -> assertThat(((SpecException) ex).problems()).containsExactlyInAnyOrder(
					"signing.algorithm: unknown field (known: key, keyId) (line 17)",
					"signing.key: inline credential values are not allowed; use {env: VARIABLE} or {file: PATH} "
							+ "(line 15)",
					"signing.keyId: \"../ops\" must be 1-64 letters, digits, '.', '-' or '_', starting with a letter "
							+ "or digit (line 16)"))
			.hasMessageNotContaining("MC4CAQAwBQ");
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(SPEC + "signing: yes\n")))
			.hasMessageContaining("signing: must be a mapping with key");
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of())
			.load(write(SPEC + "signing:\n  keyId: k1\n")))
			.hasMessageContaining("signing.key: is required, as {env: VARIABLE} or {file: PATH}");
	}

	@Test
	void aKeyFileThatIsMissingIsNotAKeyOrIsNoEd25519PrivateKeyIsNamedWithItsFileAndNeverEchoed() throws Exception {
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		String rsaBody = Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded());
		Files.writeString(this.dir.resolve("rsa.key"), "-----BEGIN PRIVATE KEY-----\n" + rsaBody
				+ "\n-----END PRIVATE KEY-----\n");
		Files.writeString(this.dir.resolve("text.key"), "sentinel-not-a-key-4471\n");
		Files.writeString(this.dir.resolve("public.key"), Ed25519Pem.encode(ed25519().getPublic()));

		assertThat(problemOf("missing.key")).isEqualTo("signing.key: file " + this.dir.resolve("missing.key")
				+ " does not exist or is not a regular file");
		assertThat(problemOf("text.key")).isEqualTo("signing.key: file " + this.dir.resolve("text.key")
				+ " is not an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
		assertThat(problemOf("rsa.key")).startsWith("signing.key: file " + this.dir.resolve("rsa.key")
				+ " is a PKCS#8 private key, but not an Ed25519 one").doesNotContain(rsaBody.substring(0, 40));
		assertThat(problemOf("public.key")).isEqualTo("signing.key: file " + this.dir.resolve("public.key")
				+ " holds a PUBLIC KEY, not an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
	}

	private String problemOf(String keyFile) throws IOException {
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of());
		JobSpec spec = loader.load(write(SPEC + "signing:\n  key: {file: " + keyFile + "}\n  keyId: k1\n"));
		try {
			loader.resolveSigningKey(spec);
		}
		catch (SpecException ex) {
			assertThat(ex.problems()).hasSize(1);
			return ex.problems().get(0);
		}
		throw new AssertionError("the key " + keyFile + " was taken");
	}

	private static KeyPair ed25519() throws NoSuchAlgorithmException {
		return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
	}

	private Path write(String yaml) throws IOException {
		Path file = this.dir.resolve("job.yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
