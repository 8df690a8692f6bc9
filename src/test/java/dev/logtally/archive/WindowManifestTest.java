package dev.logtally.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.window.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A window manifest is written and read by one class: what {@link WindowManifest#toJson} writes,
 * {@link WindowManifest#parse} reads back, and anything else is refused naming the manifest and why.
 */
class WindowManifestTest {

	private static final String NAME = "archive/scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.manifest.json";

	private static final Window WINDOW = new Window(Instant.parse("2026-10-31T16:00:00Z"),
			Instant.parse("2026-11-01T16:00:00Z"));

	/** A window exported while the source's count changed by 2: two logs read twice, two missed. */
	private static final WindowCounts COUNTS = new WindowCounts(1_002, 1_002, 2, 1_000, 0, 2, 0,
			WindowCounts.FileCounts.NONE);

	/** The bytes a first version has always had: reading manifests must not change how they are written. */
	private static final String FIRST_VERSION = """
			{
			  "format" : "logtally.window-manifest/1",
			  "source" : "scf-test",
			  "sourceType" : "tencent-scf",
			  "target" : "fn-a",
			  "query" : {
			    "namespace" : "default",
			    "function" : "fn-a"
			  },
			  "window" : {
			    "start" : "2026-10-31T16:00:00Z",
			    "end" : "2026-11-01T16:00:00Z",
			    "bounds" : "[start, end)",
			    "sourceZone" : "Asia/Shanghai"
			  },
			  "file" : "20261031T160000Z_20261101T160000Z.csv",
			  "compression" : "none",
			  "columns" : [ "FunctionName", "RequestId" ],
			  "bytes" : 123456,
			  "sha256" : "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			  "counts" : {
			    "expected" : 1002,
			    "read" : 1002,
			    "duplicatesDropped" : 2,
			    "written" : 1000,
			    "missedByCap" : 0,
			    "countChangeDuringRead" : 2,
			    "notReadIncomplete" : 0,
			    "files" : {
			      "expected" : 0,
			      "archived" : 0,
			      "sizeMismatches" : 0
			    }
			  },
			  "verdict" : "MISMATCH",
			  "missing" : 0
			}
			""";

	@Test
	void aFirstVersionIsWrittenAsItAlwaysWasAndReadBackAsWritten() {
		byte[] json = manifest(1).toJson();

		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(FIRST_VERSION);
		WindowManifest read = WindowManifest.parse(json, NAME);
		assertThat(read).isEqualTo(manifest(1));
		assertThat(read.verdict()).isEqualTo(Verdict.MISMATCH);
		assertThat(read.counts().read()).isEqualTo(1_002);
		assertThat(read.version()).isEqualTo(1);
	}

	@Test
	void aLaterVersionIsReadBackWithItsVersion() {
		WindowManifest read = WindowManifest.parse(manifest(3).toJson(), NAME);

		assertThat(read).isEqualTo(manifest(3));
		assertThat(read.version()).isEqualTo(3);
		assertThat(read.supersedes().key()).endsWith(".versions/2/" + WINDOW.stem() + ".manifest.json");
		assertThat(read.provenance().reason()).isEqualTo("rerun: INC-4711");
	}

	@Test
	void whatItReadsWritesTheSameBytesAgainWithTheFilesAWindowArchivedWhole() {
		byte[] json = withArchivedFiles().toJson();

		WindowManifest read = WindowManifest.parse(json, NAME);

		assertThat(read.toJson()).isEqualTo(json);
		assertThat(read.gzipped()).isTrue();
		assertThat(read.archived()).containsExactly(new WindowManifest.ArchivedFile(
				"rds-test/db-1/dt=2026-11-01/" + WINDOW.stem() + ".files/audit-1", 4_096, "cd".repeat(32)));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			not JSON            | "verdict" : "MISMATCH",        | "verdict" :                   | is not valid JSON
			a second verdict    | "missing" : 0                  | "missing" : 0, "verdict" : "MATCHED" | is not valid JSON (Duplicate
			another format      | logtally.window-manifest/1     | logtally.run-manifest/1       | is not a window manifest: format "logtally.run-manifest/1", not "logtally.window-manifest/1"
			no verdict          | "verdict" : "MISMATCH",        | ''                            | has no verdict
			an unknown verdict  | "MISMATCH"                     | "Mismatch\\n"                 | : verdict "Mismatch\\u000a" is not one of MATCHED, MISMATCH, TRUNCATED, INCOMPLETE
			a verdict of a window not published | "MISMATCH"     | "FAILED"                      | : verdict "FAILED" is not one of MATCHED, MISMATCH, TRUNCATED, INCOMPLETE
			read as a string    | "read" : 1002                  | "read" : "1002"               | : counts.read is not a whole number
			read as a fraction  | "read" : 1002                  | "read" : 1002.5               | : counts.read is not a whole number
			a negative read     | "read" : 1002                  | "read" : -1                   | : counts.read is -1, below zero
			no counts           | "counts"                       | "tallies"                     | has no counts.expected
			no countChange      | "countChangeDuringRead"        | "drift"                       | has no counts.countChangeDuringRead
			a window not one    | "start" : "2026-10-31T16:00:00Z" | "start" : "yesterday"       | : window.start "yesterday" is not an instant
			an empty window     | "end" : "2026-11-01T16:00:00Z" | "end" : "2026-10-31T16:00:00Z" | : window start 2026-10-31T16:00:00Z is not before its end
			a version 1 field   | "missing" : 0                  | "missing" : 0, "version" : 1  | : version 1 is not a version logtally writes
			a missing that contradicts the counts | "missing" : 0 | "missing" : 5                 | : missing 5 is not counts.expected - counts.read, 0
			a first version that supersedes one | "missing" : 0  | "missing" : 0, "supersedes" : { } | : a first version supersedes none, yet it has supersedes
			a data file elsewhere | "file" : "20261031T160000Z_20261101T160000Z.csv" | "file" : "../other.csv" | : file "../other.csv" is not the name of a file beside the manifest
			no data file        | "file" : "20261031T160000Z_20261101T160000Z.csv", | ''  | has no file
			an unknown compression | "compression" : "none"      | "compression" : "zstd"        | : compression "zstd" is not one of none, gzip
			bytes as a string   | "bytes" : 123456               | "bytes" : "123456"            | : bytes is not a whole number
			a SHA-256 not in hex | "sha256" : "9f86               | "sha256" : "XX86              | : sha256 "XX86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" is not a SHA-256 in lowercase hex
			other bounds        | "[start, end)"                 | "[start, end]"                | : window.bounds "[start, end]" is not "[start, end)"
			a column not a string | "columns" : [ "FunctionName", | "columns" : [ 7,              | : columns holds a value that is not a string
			a query value not a string | "namespace" : "default" | "namespace" : 7               | : query.namespace is not a string
			a files count below zero | "sizeMismatches" : 0      | "sizeMismatches" : -1         | : counts.files.sizeMismatches is -1, below zero
			""")
	void anythingElseIsRefusedNamingTheManifestAndWhy(String change, String from, String to, String why) {
		String json = FIRST_VERSION;
		assertThat(json).as(change).contains(from);
		byte[] changed = json.replace(from, to).getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(InvalidManifestException.class).as(change)
			.isThrownBy(() -> WindowManifest.parse(changed, NAME))
			.withMessageStartingWith(NAME)
			.withMessageContaining(why)
			.withMessageNotContaining("\n");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			an archived file without a path | "path" : "rds-test  | "where" : "rds-test   | has no archivedFiles[0].path
			an archived file outside the archive | "path" : "rds-test | "path" : "../rds-test | : archivedFiles[0].path "../rds-test/db-1/dt=2026-11-01/20261031T160000Z_20261101T160000Z..." is not a key inside the archive
			an archived file's bytes not a number | "bytes" : "4096" | "bytes" : "4 KB"     | : archivedFiles[0].bytes "4 KB" is not a number of bytes
			an archived file's SHA-256 missing | "sha256" : "cdcd | "sha-256" : "cdcd      | has no archivedFiles[0].sha256
			archived files not a list | "archivedFiles" : [     | "archivedFiles" : 7, "x" : [ | : archivedFiles is not an array
			a superseded version not the one before | "version" : 1, | "version" : 7,     | : supersedes.version 7 is not the version before 2
			no provenance       | "provenance"                   | "history"                     | has no provenance.reason
			""")
	void aFileArchivedWholeOrASupersededVersionLogtallyNeverWroteIsRefused(String change, String from, String to,
			String why) {
		String json = new String(withArchivedFiles().toJson(), StandardCharsets.UTF_8);
		assertThat(json).as(change).contains(from);
		byte[] changed = json.replace(from, to).getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(InvalidManifestException.class).as(change)
			.isThrownBy(() -> WindowManifest.parse(changed, NAME))
			.withMessageStartingWith(NAME)
			.withMessageContaining(why)
			.withMessageNotContaining("\n");
	}

	@Test
	void aJsonValueThatIsNotAnObjectIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> WindowManifest.parse("[]".getBytes(StandardCharsets.UTF_8), NAME))
			.withMessage(NAME + " is not a window manifest: not a JSON object");
	}

	/** A second version of an RDS window that archived one audit-log file whole, stored with gzip. */
	private static WindowManifest withArchivedFiles() {
		WindowOutcome outcome = WindowOutcome.exported("rds-test", "db-1", WINDOW,
				new WindowCounts(1, 1, 0, 1, 0, 0, 0, new WindowCounts.FileCounts(1, 1, 0)));
		Map<String, String> file = new LinkedHashMap<>();
		file.put("id", "audit-1");
		file.put("path", "rds-test/db-1/dt=2026-11-01/" + WINDOW.stem() + ".files/audit-1");
		file.put("bytes", "4096");
		file.put("sha256", "cd".repeat(32));
		file.put("listedSizeKb", "4");
		file.put("sizeCheck", "OK");
		return new WindowManifest("huawei-rds", "Asia/Shanghai", Map.of("instance", "db-1"), WINDOW.stem() + ".csv.gz",
				"gzip", List.of("id", "name"), 512, "ef".repeat(32), List.of(file), outcome, 2,
				new RunManifest.Link("rds-test/db-1/dt=2026-11-01/" + WINDOW.stem() + ".versions/1/" + WINDOW.stem()
						+ ".manifest.json", "ab".repeat(32)),
				new Provenance("nightly", "operator", Instant.parse("2026-11-09T08:00:00Z")));
	}

	private static WindowManifest manifest(int version) {
		WindowOutcome outcome = WindowOutcome.exported("scf-test", "fn-a", WINDOW, COUNTS);
		Map<String, String> query = new LinkedHashMap<>();
		query.put("namespace", "default");
		query.put("function", "fn-a");
		return new WindowManifest("tencent-scf", "Asia/Shanghai", query,
				WINDOW.stem() + ".csv", "none", List.of("FunctionName", "RequestId"), 123_456,
				"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", List.of(), outcome, version,
				version == 1 ? null
						: new RunManifest.Link("scf-test/fn-a/dt=2026-11-01/" + WINDOW.stem() + ".versions/"
								+ (version - 1) + "/" + WINDOW.stem() + ".manifest.json", "ab".repeat(32)),
				version == 1 ? null
						: new Provenance("rerun: INC-4711", "operator", Instant.parse("2026-11-09T08:00:00Z")));
	}

}
