package dev.logtally.archive;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.testing.SmallFilesystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class LocalDirectoryStoreTest {

	@TempDir
	Path dir;

	private LocalDirectoryStore store;

	@BeforeEach
	void open() {
		this.store = new LocalDirectoryStore(this.dir.resolve("archive"));
	}

	@Test
	void aWritableCheckOfAnArchiveNotYetCreatedLeavesNothingBehind() {
		LocalDirectoryStore nested = new LocalDirectoryStore(this.dir.resolve("new/nested/archive"));

		nested.probeWritable();

		assertThat(this.dir).isEmptyDirectory();
	}

	@Test
	void aWritableCheckOfAnExistingArchiveLeavesItAsItWas() throws Exception {
		this.store.put("a/1.csv", new byte[] { 1 });

		this.store.probeWritable();

		assertThat(this.store.list("")).containsExactly("a/1.csv");
		try (Stream<Path> files = Files.list(this.store.root())) {
			assertThat(files).containsExactly(this.store.root().resolve("a"));
		}
	}

	@Test
	void anArchiveUnderAFileIsNotWritableNamingBoth() throws Exception {
		Path file = Files.writeString(this.dir.resolve("file"), "x");
		LocalDirectoryStore under = new LocalDirectoryStore(file.resolve("deeper/archive"));

		assertThatThrownBy(under::probeWritable).isInstanceOf(ArchiveStoreException.class)
			.hasMessage("cannot write the archive " + file.resolve("deeper/archive") + ": " + file
					+ " is a file, not a directory");
		assertThat(file).hasContent("x");
	}

	@Test
	void anArchiveThatIsAFileIsNotWritable() throws Exception {
		Path file = Files.writeString(this.dir.resolve("archive"), "x");

		assertThatThrownBy(this.store::probeWritable).isInstanceOf(ArchiveStoreException.class)
			.hasMessage("cannot write the archive " + file + ": it is a file, not a directory");
	}

	@Test
	void anArchiveInADirectoryWithoutWritePermissionIsNotWritableSayingSo() throws Exception {
		assumeFalse("root".equals(System.getProperty("user.name")), "root writes whatever the permission bits say");
		Path readOnly = Files.createDirectory(this.dir.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
		LocalDirectoryStore denied = new LocalDirectoryStore(readOnly.resolve("archive"));

		assertThatThrownBy(denied::probeWritable).isInstanceOf(ArchiveStoreException.class)
			.hasMessage("cannot write the archive " + readOnly.resolve("archive") + ": permission denied on "
					+ readOnly.resolve("archive"));
		assertThat(readOnly).isEmptyDirectory();
	}

	@Test
	void aFileWrittenToItsScratchPathBecomesTheObjectByARename() throws Exception {
		String key = "scf/fn/dt=2026-11-01/w.csv";
		Path scratch = this.store.scratchFile(key);
		Files.writeString(scratch, "a,b\r\n");

		StoredObject stored = this.store.put(key, scratch, "ignored-by-a-local-store");

		assertThat(stored).isEqualTo(new StoredObject(key, 5, null));
		assertThat(scratch).doesNotExist();
		assertThat(this.store.file(key)).hasContent("a,b\r\n");
		assertThat(scratch.getFileName().toString()).endsWith(".part");
	}

	@Test
	void replacesAnObjectWhole() throws Exception {
		this.store.put("m.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));

		this.store.put("m.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));

		try (InputStream in = this.store.open("m.json")) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":2}");
		}
		assertThat(this.store.list("")).containsExactly("m.json");
	}

	@Test
	void listsKeysUnderAPrefixInOrder() {
		for (String key : List.of("b/2.csv", "a/1.csv", "b/1.csv", "_runs/job/000001.json")) {
			this.store.put(key, new byte[] { 1 });
		}

		assertThat(this.store.list("")).containsExactly("_runs/job/000001.json", "a/1.csv", "b/1.csv", "b/2.csv");
		assertThat(this.store.list("b/")).containsExactly("b/1.csv", "b/2.csv");
	}

	@Test
	void saysWhenAnObjectIsMissing() {
		assertThat(this.store.stat("nope.csv")).isEmpty();
		assertThatThrownBy(() -> this.store.open("nope.csv")).isInstanceOfSatisfying(ArchiveStoreException.class,
				(ex) -> assertThat(ex.notFound()).isTrue())
			.hasMessageContaining("nope.csv does not exist");
	}

	@Test
	void refusesAKeyThatLeavesTheArchive() {
		assertThatThrownBy(() -> this.store.put("../outside.csv", new byte[0]))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("leaves the archive");
	}

	@Test
	void aFileAlreadyAtItsKeyIsKeptWhereItIs() throws Exception {
		Path inPlace = this.store.file("rds/i/dt=2026-09-04/w.files/f1");
		Files.createDirectories(inPlace.getParent());
		Files.writeString(inPlace, "audit");

		StoredObject stored = this.store.put("rds/i/dt=2026-09-04/w.files/f1", inPlace, "x");

		assertThat(stored.bytes()).isEqualTo(5);
		assertThat(inPlace).hasContent("audit");
	}


	@Test
	void anObjectThatDoesNotFitOnTheDiskLeavesNoPartFileBehind() {
		try (SmallFilesystem disk = SmallFilesystem.mount(this.dir, 1024 * 1024)) {
			LocalDirectoryStore full = new LocalDirectoryStore(disk.root().resolve("archive"));
			full.put("_runs/job/000001.json", "{}".getBytes(StandardCharsets.UTF_8));
			disk.fill();

			assertThatThrownBy(() -> full.put("_runs/job/000002.json", new byte[256 * 1024]))
				.hasMessageContaining("no space left on device");
			assertThat(full.list("")).containsExactly("_runs/job/000001.json");
		}
	}

	@Test
	void aRunManifestLeftAsAPartFileIsNotTakenForTheLastOfTheChain() {
		RunManifestChain chain = new RunManifestChain(this.store);
		String first = chain.append("job", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"),
				1, List.of(), null).key();
		// As a write cut short by a full disk left it, before stores removed theirs.
		this.store.put("_runs/job/000002.json.part", "{\"format\"".getBytes(StandardCharsets.UTF_8));

		String second = chain.append("job", Instant.parse("2026-11-02T00:00:00Z"),
				Instant.parse("2026-11-03T00:00:00Z"), 1, List.of(), null).key();

		assertThat(first).isEqualTo("_runs/job/000001.json");
		assertThat(second).isEqualTo("_runs/job/000002.json");
	}

}
