package dev.logtally.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logtally.jobspec.SigningKey;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SyntheticArchive;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code verify} reads objects several at a time: what it reports, and in which order, is what reading them one by one
 * reports; and no more objects are open at once than it was allowed.
 */
class ParallelVerifyTest {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(ints = { 2, 4, 8, 32 })
	void reportsTheSameProblemsInTheSameOrderAsReadingOneByOne(int parallelism) throws IOException {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, 300, 5, 3);
		tamper(root, written);

		ArchiveVerifier.Report oneByOne = new ArchiveVerifier(new LocalDirectoryStore(root), Map.of(), 1).verify();
		// Reads held back, then let go together, finish in whatever order the threads make of it.
		GatedStore gated = new GatedStore(new LocalDirectoryStore(root), parallelism);
		ArchiveVerifier.Report parallel = new ArchiveVerifier(gated, Map.of(), parallelism).verify();

		assertThat(oneByOne.problems()).hasSize(14);
		assertThat(parallel.problems()).containsExactlyElementsOf(oneByOne.problems());
		assertThat(parallel).isEqualTo(oneByOne);
		assertThat(gated.mostOpenAtOnce()).isEqualTo(parallelism);
	}

	@Test
	void theProblemsOfObjectsFollowTheOrderOfTheirManifestsWhateverOrderTheirReadsFinishIn() throws IOException {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, 200, 3, 1);
		List<String> altered = List.of(written.dataKeys().get(3), written.dataKeys().get(4), written.dataKeys().get(5),
				written.dataKeys().get(150));
		for (String key : altered) {
			flipOneByte(root.resolve(key));
		}

		ArchiveVerifier.Report report = new ArchiveVerifier(new GatedStore(new LocalDirectoryStore(root), 4),
				Map.of(), 4).verify();

		assertThat(report.problems()).extracting(ArchiveVerifier.Problem::key).containsExactlyElementsOf(altered);
		assertThat(report.problems()).allSatisfy((problem) -> assertThat(problem.line()).contains(": has SHA-256 "));
	}

	@Test
	void neverHasMoreObjectsOpenAtOnceThanItIsAllowed() {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.smallObjects(root, 400, 2, 4);
		GatedStore gated = new GatedStore(new LocalDirectoryStore(root), 3);

		ArchiveVerifier.Report report = new ArchiveVerifier(gated, Map.of(), 3).verify();

		assertThat(report.intact()).as(report.problems().toString()).isTrue();
		assertThat(report.objects()).isEqualTo(804);
		assertThat(gated.mostOpenAtOnce()).isEqualTo(3);
		assertThat(gated.opened()).isEqualTo(804);
	}

	@Test
	void stopsReadingWhenTheStoreFailsAndSaysWhy() {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, 400, 2, 1);
		String unreachable = written.dataKeys().get(20);
		GatedStore failing = new GatedStore(new LocalDirectoryStore(root), 4, unreachable);

		assertThatThrownBy(() -> new ArchiveVerifier(failing, Map.of(), 4).verify())
			.isInstanceOf(ArchiveStoreException.class)
			.hasMessage("cannot read s3://archive/" + unreachable + ": connection refused");
		// The reads already started finish; no new one starts: not hundreds of failures, each retried.
		assertThat(failing.opened()).isLessThan(100);
	}

	@Test
	void readsALargeFileThroughAFixedBufferAndFindsItIntact() {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.oneLargeFile(root, 64L * 1024 * 1024 + 17);

		ArchiveVerifier.Report report = new ArchiveVerifier(new LocalDirectoryStore(root), Map.of(), 4).verify();

		assertThat(report.intact()).as(report.problems().toString()).isTrue();
		assertThat(report.objects()).isEqualTo(4);
	}

	@Test
	void aLargeObjectIsReadOnAThreadOfItsOwnWhileThePoolHashesItAndSmallOnesAreNot() {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.oneLargeFile(root, ArchiveVerifier.READ_AHEAD_FROM + 17);
		ReadThreads store = new ReadThreads(new LocalDirectoryStore(root), null);

		ArchiveVerifier.Report report = new ArchiveVerifier(store, Map.of(), 4).verify();

		assertThat(report.intact()).as(report.problems().toString()).isTrue();
		String large = written.dataKeys().get(1);
		assertThat(store.readElsewhere()).containsExactly(large);
	}

	@Test
	void aLargeObjectAlteredOnDiskIsFoundWhenReadAhead() throws IOException {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.oneLargeFile(root, ArchiveVerifier.READ_AHEAD_FROM * 2);
		// One byte past the first read-ahead buffer, as a disk's bad sector would change it.
		try (RandomAccessFile file = new RandomAccessFile(root.resolve(written.dataKeys().get(1)).toFile(), "rw")) {
			file.seek(ArchiveVerifier.READ_AHEAD_FROM / 2 + 3);
			int was = file.read();
			file.seek(ArchiveVerifier.READ_AHEAD_FROM / 2 + 3);
			file.write(was ^ 0x20);
		}

		ArchiveVerifier.Report report = new ArchiveVerifier(new LocalDirectoryStore(root), Map.of(), 4).verify();

		assertThat(report.problems()).singleElement().satisfies((problem) -> {
			assertThat(problem.kind()).isEqualTo(ArchiveVerifier.Kind.ALTERED);
			assertThat(problem.key()).isEqualTo(written.dataKeys().get(1));
		});
	}

	@Test
	void aStoreThatFailsWhileALargeObjectIsReadAheadStopsTheReadsAsAStoreFailure() {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.oneLargeFile(root, ArchiveVerifier.READ_AHEAD_FROM * 2);
		String large = written.dataKeys().get(1);
		ReadThreads failing = new ReadThreads(new LocalDirectoryStore(root), large);

		assertThatThrownBy(() -> new ArchiveVerifier(failing, Map.of(), 4).verify())
			.isInstanceOf(ArchiveStoreException.class)
			.hasMessage("cannot read s3://archive/" + large + ": connection reset");
	}

	@Test
	void theCommandPrintsTheSameWhateverItsParallelism() throws IOException {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, 300, 2, 2);
		tamper(root, written);

		CliRun oneByOne = CliRun.of("verify", root.toString(), "--parallel", "1");
		CliRun byDefault = CliRun.of("verify", root.toString());
		CliRun wide = CliRun.of("verify", root.toString(), "--parallel", "32");

		assertThat(oneByOne.exitCode()).as(oneByOne.output()).isEqualTo(5);
		assertThat(oneByOne.out()).contains("14 problems");
		assertThat(byDefault.exitCode()).isEqualTo(5);
		assertThat(byDefault.out()).isEqualTo(oneByOne.out());
		assertThat(wide.out()).isEqualTo(oneByOne.out());
		assertThat(byDefault.err()).isEqualTo(oneByOne.err());
	}

	@Test
	void oneByOneAndEightAtOnceReportTheSameFaultsInTheSameOrderWhereverTheyAre() throws IOException {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, 300, 3, 4);
		tamper(root, written);
		List<String> manifests = written.manifestKeys();
		// Manifests that are not what logtally writes: not JSON, cut short, another format, an impossible verdict.
		Files.writeString(root.resolve(manifests.get(7)), "{\"format\": \"logtally.window-manifest/1\", ",
				StandardCharsets.UTF_8);
		Files.writeString(root.resolve(manifests.get(8)), "not json at all \u0000\r\n", StandardCharsets.UTF_8);
		Path otherFormat = root.resolve(manifests.get(230));
		Files.writeString(otherFormat, Files.readString(otherFormat).replace("logtally.window-manifest/1",
				"logtally.window-manifest/9"));
		Path impossible = root.resolve(manifests.get(299));
		Files.writeString(impossible, Files.readString(impossible).replace("\"verdict\" : \"MATCHED\"",
				"\"verdict\" : \"MISMATCH\""));
		// A run manifest edited: the next one's link no longer holds; and a window manifest no run lists.
		Path run = root.resolve(ArchiveLayout.runManifestKey(SyntheticArchive.JOB, 2));
		Files.writeString(run, Files.readString(run).replaceFirst("\"MATCHED\"", "\"TRUNCATED\""));
		String uncovered = manifests.get(250).replace(".manifest.json", "-extra.manifest.json");
		Files.copy(root.resolve(manifests.get(250)), root.resolve(uncovered));

		CliRun oneByOne = CliRun.of("verify", root.toString(), "--parallel", "1");
		CliRun eight = CliRun.of("verify", root.toString(), "--parallel", "8");

		assertThat(oneByOne.exitCode()).as(oneByOne.output()).isEqualTo(5);
		assertThat(oneByOne.out()).contains("MALFORMED " + manifests.get(7) + ": ", "MALFORMED " + manifests.get(8)
				+ ": ", "MALFORMED " + manifests.get(230) + ": ", "INCONSISTENT " + manifests.get(299) + ": ",
				"BROKEN_CHAIN ", "UNCOVERED " + uncovered + ": ", "MISSING ", "UNEXPECTED bench/fn-1/stray.csv",
				"ALTERED ")
			.doesNotContain("Exception");
		assertThat(eight.exitCode()).isEqualTo(5);
		assertThat(eight.out()).isEqualTo(oneByOne.out());
		assertThat(eight.err()).isEqualTo(oneByOne.err());
	}

	@Test
	void readsEveryObjectOnceEvenWhenItChecksTheRunManifestsSignaturesAndAnExpectedHead() throws Exception {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.smallObjects(root, 200, 2, 5);
		KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		LocalDirectoryStore local = new LocalDirectoryStore(root);
		for (String key : local.list(ArchiveLayout.RUNS + "/")) {
			RunManifestSignature signature = RunManifestSignature.sign(new SigningKey("ops", keys.getPrivate()), key,
					Files.readAllBytes(root.resolve(key)));
			local.put(RunManifestSignature.keyOf(key), signature.toJson());
		}
		GatedStore counted = new GatedStore(local, 4);

		ArchiveVerifier verifier = new ArchiveVerifier(counted, Map.of("ops", keys.getPublic()), 4);
		ArchiveVerifier.Report report = verifier.verify();
		String head = report.heads().get(SyntheticArchive.JOB).sha256();
		ChainAnchor.Result anchored = verifier.chainAnchor().check(List.of(ChainAnchor.Expected.of(head)));

		assertThat(report.intact()).as(report.problems().toString()).isTrue();
		assertThat(anchored.problems()).isEmpty();
		assertThat(anchored.found()).containsExactly("expected head of " + SyntheticArchive.JOB + " found: "
				+ ArchiveLayout.runManifestKey(SyntheticArchive.JOB, 5) + " sha256 " + head + " (the chain's end)");
		assertThat(report.signatures()).isEqualTo("signatures: 5 of 5 run manifests signed (key ids ops), checked "
				+ "with the public keys ops");
		assertThat(report.objects()).isEqualTo(410);
		assertThat(counted.openedMoreThanOnce()).isEmpty();
		assertThat(counted.opened()).isEqualTo(410);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-3", "33" })
	void refusesAParallelismOutsideOneToThirtyTwoInOneLine(String parallel) {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.smallObjects(root, 2, 1, 1);

		CliRun run = CliRun.of("verify", root.toString(), "--parallel", parallel);

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err().strip()).isEqualTo("logtally: --parallel must be between 1 and 32, not " + parallel);
		assertThat(run.out()).isEmpty();
	}

	/**
	 * Fourteen problems, spread over the archive: bytes changed, objects deleted and truncated, a manifest edited and
	 * one deleted, an object nobody wrote.
	 */
	private static void tamper(Path root, SyntheticArchive.Written written) throws IOException {
		List<String> data = written.dataKeys();
		List<String> manifests = written.manifestKeys();
		for (int i : new int[] { 0, 1, 2, 97, data.size() - 1 }) {
			flipOneByte(root.resolve(data.get(i)));
		}
		Files.delete(root.resolve(data.get(10)));
		Files.delete(root.resolve(data.get(data.size() / 2)));
		Path truncated = root.resolve(data.get(200));
		Files.write(truncated, Arrays.copyOf(Files.readAllBytes(truncated), 20));
		Path edited = root.resolve(manifests.get(50));
		Files.writeString(edited, Files.readString(edited).replace("\"verdict\" : \"MATCHED\"",
				"\"verdict\" : \"MATCHED\" "));
		Files.delete(root.resolve(manifests.get(120)));
		Files.writeString(root.resolve("bench/fn-1/stray.csv"), "nobody,wrote\r\nthis,\"\"\r\n",
				StandardCharsets.UTF_8);
	}

	/** Changes one letter of a request id: the CSV still reads as before, only its SHA-256 differs. */
	private static void flipOneByte(Path file) throws IOException {
		String csv = Files.readString(file, StandardCharsets.UTF_8);
		Files.writeString(file, csv.replaceFirst("\r\nreq-", "\r\nReq-"), StandardCharsets.UTF_8);
	}

	/**
	 * A store that counts the objects open at once, and holds the first {@code gate} reads until that many are open:
	 * the verifier must really read that many at once, and they finish in the order the threads happen to take.
	 */
	/** A store that only reads, through another: what verify needs of one. */
	private abstract static class ReadOnlyStore implements ArchiveStore {

		final ArchiveStore store;

		ReadOnlyStore(ArchiveStore store) {
			this.store = store;
		}

		@Override
		public StoredObject put(String key, Path file, String sha256) {
			throw new UnsupportedOperationException("verify never writes");
		}

		@Override
		public StoredObject put(String key, byte[] content) {
			throw new UnsupportedOperationException("verify never writes");
		}

		@Override
		public Optional<StoredObject> stat(String key) {
			return this.store.stat(key);
		}

		@Override
		public List<String> list(String prefix) {
			return this.store.list(prefix);
		}

		@Override
		public Path scratchFile(String key) {
			throw new UnsupportedOperationException("verify never writes");
		}

		@Override
		public List<String> abortUploads(Collection<String> prefixes, Collection<String> keep) {
			return List.of();
		}

		@Override
		public String describe(String key) {
			return this.store.describe(key);
		}

	}

	/**
	 * A store that notes which objects are read on another thread than the one that opened them, and can fail a
	 * key's read after its first 4 MB, as a connection reset does.
	 */
	private static final class ReadThreads extends ReadOnlyStore {

		private final @Nullable String resetting;

		private final Set<String> readElsewhere = ConcurrentHashMap.newKeySet();

		ReadThreads(ArchiveStore store, @Nullable String resetting) {
			super(store);
			this.resetting = resetting;
		}

		Set<String> readElsewhere() {
			return this.readElsewhere;
		}

		@Override
		public InputStream open(String key) {
			Thread opener = Thread.currentThread();
			return new FilterInputStream(this.store.open(key)) {

				private long read;

				@Override
				public int read(byte[] bytes, int offset, int length) throws IOException {
					if (Thread.currentThread() != opener) {
						ReadThreads.this.readElsewhere.add(key);
					}
					if (key.equals(ReadThreads.this.resetting) && this.read > 4 * 1024 * 1024) {
						throw new ArchiveStoreException("cannot read s3://archive/" + key + ": connection reset", null);
					}
					int n = super.read(bytes, offset, length);
					this.read += Math.max(0, n);
					return n;
				}

			};
		}

	}

	private static final class GatedStore extends ReadOnlyStore {

		private final CountDownLatch gate;

		private final AtomicInteger open = new AtomicInteger();

		private final AtomicInteger most = new AtomicInteger();

		private final AtomicInteger opened = new AtomicInteger();

		private final Map<String, Integer> opens = new ConcurrentHashMap<>();

		private final String unreachable;

		GatedStore(ArchiveStore store, int gate) {
			this(store, gate, "");
		}

		/** @param unreachable a key whose read fails as a store that cannot be reached fails */
		GatedStore(ArchiveStore store, int gate, String unreachable) {
			super(store);
			this.gate = new CountDownLatch(gate);
			this.unreachable = unreachable;
		}

		int mostOpenAtOnce() {
			return this.most.get();
		}

		int opened() {
			return this.opened.get();
		}

		/** The keys opened more than once, with how many times. */
		Map<String, Integer> openedMoreThanOnce() {
			Map<String, Integer> again = new TreeMap<>(this.opens);
			again.values().removeIf((times) -> times == 1);
			return again;
		}

		@Override
		public InputStream open(String key) {
			if (key.equals(this.unreachable)) {
				this.opened.incrementAndGet();
				throw new ArchiveStoreException("cannot read s3://archive/" + key + ": connection refused", null);
			}
			int now = this.open.incrementAndGet();
			this.opened.incrementAndGet();
			this.opens.merge(key, 1, Integer::sum);
			this.most.accumulateAndGet(now, Math::max);
			InputStream in = this.store.open(key);
			if (key.endsWith(".csv") && this.gate.getCount() > 0) {
				this.gate.countDown();
				try {
					assertThat(this.gate.await(30, TimeUnit.SECONDS)).as("the reads held back were let go").isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return new FilterInputStream(in) {

				@Override
				public void close() throws IOException {
					GatedStore.this.open.decrementAndGet();
					super.close();
				}

			};
		}

	}

}
