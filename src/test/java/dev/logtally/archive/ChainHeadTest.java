package dev.logtally.archive;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The head file's format: what {@link ChainHead#toJson} writes, {@link ChainHead#parse} reads back, strictly. */
class ChainHeadTest {

	private static final String SHA = "56ab8eadf53d0c4f8288b21be4f7e394267ad2379f758ad8ccbe36ca94fd4ec8";

	private static final ChainHead HEAD = new ChainHead("scf-nightly", 42, "_runs/scf-nightly/000042.json", SHA,
			"s3://audit-archive/logtally/scf");

	@Test
	void readsBackWhatItWritesAndWritesTheSameBytesAgain() {
		byte[] json = HEAD.toJson();

		assertThat(ChainHead.parse(json)).isEqualTo(HEAD);
		assertThat(ChainHead.parse(json).toJson()).isEqualTo(json);
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("""
				{
				  "format" : "logtally.chain-head/1",
				  "job" : "scf-nightly",
				  "sequence" : 42,
				  "runManifest" : "_runs/scf-nightly/000042.json",
				  "sha256" : "%s",
				  "archive" : "s3://audit-archive/logtally/scf"
				}
				""".formatted(SHA));
	}

	@Test
	void refusesWhatLogtallyNeverWritesNamingTheField() {
		String json = new String(HEAD.toJson(), StandardCharsets.UTF_8);

		assertRefused(json.replace("\"sequence\" : 42", "\"sequence\" : 0"), "sequence is not a whole number from 1");
		assertRefused(json.replace("\"sequence\" : 42", "\"sequence\" : \"42\""), "sequence is not a whole number");
		assertRefused(json.replace(SHA, SHA.toUpperCase()), "sha256 is not a SHA-256 in lowercase hex");
		assertRefused(json.replace("_runs/scf-nightly/000042.json", "_runs/other/000042.json"),
				"runManifest _runs/other/000042.json is not a run manifest of job scf-nightly");
		assertRefused(json.replace("  \"job\" : \"scf-nightly\",\n", ""), "has no job");
		assertRefused(json.replace("\"archive\" : \"s3://audit-archive/logtally/scf\"", "\"archive\" : 7"),
				"archive is not a string");
		assertRefused(json.replace("{\n", "{\n  \"sha256\" : \"" + SHA + "\",\n"), "Duplicate Object property \"sha256\"");
		assertRefused("[]", "is not a chain head: not a JSON object");
	}

	private static void assertRefused(String json, String message) {
		assertThatThrownBy(() -> ChainHead.parse(json.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(message);
	}

}
