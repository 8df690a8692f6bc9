package dev.logtally.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A run manifest records why the run was asked for and by whom, but not when (its bytes hold no time); it reads back as
 * written, a manifest written before it recorded that still reads, and two runs that differ only in why they were
 * asked for are different runs.
 */
class RunManifestTest {

	private static final Instant FROM = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant TO = Instant.parse("2026-11-01T16:00:00Z");

	private static final List<RunManifest.Window> WINDOWS = List.of(new RunManifest.Window(
			new RunManifest.Link("scf-test/fn-a/dt=2026-11-01/w.manifest.json", "ab".repeat(32)), "MATCHED"));

	private static final RunManifest.Request INCIDENT = new RunManifest.Request("INC-4711: \"late\" logs\n", "ops");

	@Test
	void itsProvenanceIsWrittenAndReadBack() {
		RunManifest manifest = new RunManifest("job", FROM, TO, 2, 3, null, WINDOWS, INCIDENT);

		byte[] json = manifest.toJson();

		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"provenance\"")
			.contains("\"requestedBy\" : \"ops\"")
			.doesNotContain("requestedAt");
		assertThat(RunManifest.Request.of(new Provenance("INC-4711: \"late\" logs\n", "ops",
				Instant.parse("2026-11-02T08:00:00Z")))).as("the time it was asked at is left out").isEqualTo(INCIDENT);
		assertThat(RunManifest.parse(json)).isEqualTo(manifest);
		assertThat(new RunManifest("job", FROM, TO, 2, 3, null, WINDOWS, INCIDENT).toJson())
			.as("the same run gives the same bytes")
			.isEqualTo(json);
	}

	@Test
	void aManifestWrittenBeforeProvenanceWasRecordedStillReads() {
		String before = """
				{
				  "format" : "logtally.run-manifest/1",
				  "job" : "job",
				  "range" : { "from" : "2026-10-31T16:00:00Z", "to" : "2026-11-01T16:00:00Z", "bounds" : "[from, to)" },
				  "attempt" : 1,
				  "sequence" : 1,
				  "previous" : null,
				  "windows" : [ ]
				}
				""";

		RunManifest manifest = RunManifest.parse(before.getBytes(StandardCharsets.UTF_8));

		assertThat(manifest.request()).isNull();
		assertThat(new String(manifest.toJson(), StandardCharsets.UTF_8)).doesNotContain("provenance");
	}

	@Test
	void aProvenanceWithoutItsReasonIsRefusedNamingTheField() {
		String json = new String(new RunManifest("job", FROM, TO, 1, 1, null, WINDOWS, INCIDENT).toJson(),
				StandardCharsets.UTF_8)
			.replace("\"reason\"", "\"why\"");

		assertThatIllegalArgumentException().isThrownBy(() -> RunManifest.parse(json.getBytes(StandardCharsets.UTF_8)))
			.withMessage("reason is missing");
	}

	@Test
	void runsThatDifferOnlyInWhyTheyWereAskedForAreDifferentRuns() {
		RunManifest incident = new RunManifest("job", FROM, TO, 2, 3, null, WINDOWS, INCIDENT);
		RunManifest.Request other = new RunManifest.Request("INC-4712", "ops");

		assertThat(incident.sameRunAs(new RunManifest("job", FROM, TO, 2, 3, null, WINDOWS, INCIDENT))).isTrue();
		assertThat(incident.sameRunAs(new RunManifest("job", FROM, TO, 2, 3, null, WINDOWS, other))).isFalse();
	}

	@Test
	void appendingARunReturnsTheKeyAndTheHashOfTheBytesWrittenAndRewritesTheSameRunInPlace(
			@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
		LocalDirectoryStore store = new LocalDirectoryStore(root);
		RunManifestChain chain = new RunManifestChain(store);

		RunManifest.Link first = chain.append("job", FROM, TO, 1, WINDOWS, INCIDENT);
		RunManifest.Link again = chain.append("job", FROM, TO, 1, WINDOWS, INCIDENT);
		RunManifest.Link other = chain.append("job", FROM, TO, 1, WINDOWS, new RunManifest.Request("INC-4712", "ops"));

		assertThat(first.key()).isEqualTo("_runs/job/000001.json");
		assertThat(first.sha256()).isEqualTo(Sha256.of(root.resolve(first.key())));
		assertThat(again).as("a restarted run's manifest is the same, byte for byte").isEqualTo(first);
		assertThat(other.key()).isEqualTo("_runs/job/000002.json");
	}

}
