package dev.logtally.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.io.input.ReadAheadInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Checks an archive against its own manifests, whatever store holds it: every job's chain of run manifests, every
 * window manifest against the hash its run recorded, every data object and archived file against its window manifest
 * (size, SHA-256 recomputed from the bytes, record count), and every object against the manifests that should name
 * it.
 *
 * <p>What it can prove: a changed byte, a deleted object or manifest, an edited manifest, a run manifest removed from
 * inside a chain, an object nobody wrote. What it cannot: the removal of a job's last run manifest together with
 * everything only it names. That is the limit of any hash chain without an external anchor; keep the latest run
 * manifest's SHA-256 elsewhere (a head file, a ticket) and give it to {@link ChainAnchor} to close it.
 *
 * <p>Beyond hashes, each window manifest is checked against itself and against the verdict its run manifest lists
 * ({@link ManifestConsistency}): a forger who re-hashes an edited manifest into the last run manifest is caught there.
 *
 * <p>Objects are read {@code parallelism} at a time ({@link BoundedReads}), each streamed through SHA-256 with a fixed
 * buffer, never held whole. Manifests are hashed and parsed on the same threads as they are read, a few ahead of their
 * turn, and only what they parsed to is held; each is read once. The report is the same whatever order the reads
 * finish in: each problem takes the place its check was started in, which is the order of the keys and manifests, as
 * when it was read one by one.
 */
public final class ArchiveVerifier {

	/** What is wrong with an object. */
	public enum Kind {

		/** A manifest names it, and it is not there. */
		MISSING,

		/** Its bytes, size or record count differ from what a manifest recorded. */
		ALTERED,

		/** A run manifest's link to the one before it does not hold. */
		BROKEN_CHAIN,

		/** A manifest that cannot be read as one. */
		MALFORMED,

		/** A window manifest no run manifest lists: its run has not finished, or a run manifest was removed. */
		UNCOVERED,

		/** A file a run left while it was writing (a staging or part file): that run has not finished. */
		UNFINISHED,

		/** An object no manifest names. */
		UNEXPECTED,

		/** A run manifest without a signature, when public keys were given. */
		UNSIGNED,

		/** A run manifest's signature that does not hold: an unknown key id, or a signature over other bytes. */
		BAD_SIGNATURE,

		/**
		 * A manifest whose fields contradict each other (a verdict its counts do not give), or a run manifest that lists
		 * a window with another verdict than the window's manifest holds.
		 */
		INCONSISTENT,

		/**
		 * A chain head kept outside the archive ({@code --expect-head}) that its chain no longer reaches: that run
		 * manifest, or one after it, was removed, or the chain was replaced.
		 */
		UNANCHORED

	}

	/**
	 * One problem, naming the object and saying why.
	 * @param kind what is wrong
	 * @param key the object's key
	 * @param detail why, in words, with the values compared
	 */
	public record Problem(Kind kind, String key, String detail) {

		public String line() {
			return this.kind + " " + this.key + ": " + this.detail;
		}

	}

	/**
	 * What a verification found.
	 * @param runManifests run manifests read
	 * @param windows window manifests checked
	 * @param objects objects in the archive
	 * @param problems every problem, in the order found
	 * @param heads each job's last run manifest, by job name, with its SHA-256: what to keep outside the archive to
	 *     detect the removal of a chain's end
	 * @param signatures the run manifests' signatures, in one line, or {@code null} when there are none and no public
	 *     key was given
	 */
	public record Report(int runManifests, int windows, int objects, List<Problem> problems,
			Map<String, RunManifest.Link> heads, @Nullable String signatures) {

		public boolean intact() {
			return this.problems.isEmpty();
		}

	}

	/** @param verdict the window's verdict as {@code runManifest} lists it, or {@code null} for a superseded version */
	private record Expected(String sha256, String runManifest, @Nullable String verdict) {
	}

	/**
	 * A run manifest as read on the pool.
	 * @param manifest what it parsed to, or {@code null} when it is not a run manifest
	 * @param malformed why it is not, or {@code null}
	 * @param signature its signature checked against its bytes, or {@code null} when there is none to check then
	 */
	private record RunRead(String sha256, @Nullable RunManifest manifest, @Nullable String malformed,
			RunManifestSignatures.@Nullable Checked signature) {
	}

	/**
	 * A window manifest as read on the pool.
	 * @param manifest what it parsed to, or {@code null} when it is not a window manifest
	 * @param malformed why it is not, or {@code null}
	 */
	private record WindowRead(String sha256, @Nullable WindowManifest manifest, @Nullable String malformed) {
	}

	/**
	 * Reads at once on a local disk: hashing (SHA-256) and counting CSV records take a core each, and a second read per
	 * core keeps the disk busy while the other hashes; more only costs memory and page-cache churn.
	 */
	public static final int LOCAL_PARALLELISM = Math.min(4, 2 * Runtime.getRuntime().availableProcessors());

	/**
	 * Reads at once from S3: each GET waits a round trip before its first byte, so reads overlap to hide it; 8 keeps
	 * well inside the HTTP client's connection pool and S3's per-prefix request rates.
	 */
	public static final int S3_PARALLELISM = 8;

	/** What {@code verify --parallel} accepts at most: within the S3 client's pool of 50 connections. */
	public static final int MAX_PARALLELISM = 32;

	private final ArchiveStore store;

	private final int parallelism;

	/** Every problem in the order its check was started; an object's are known once its read has finished. */
	private final List<Future<List<Problem>>> problems = new ArrayList<>();

	private @Nullable BoundedReads reads;

	private final Set<String> accounted = new HashSet<>();

	private final Map<String, PublicKey> publicKeys;

	private final RunManifestSignatures signatures;

	/** The signatures checked while their run manifests were read, by run manifest key. */
	private final Map<String, RunManifestSignatures.Checked> signed = new HashMap<>();

	/** Every run manifest as read, by key: what {@link #chainAnchor} walks instead of reading them again. */
	private final Map<String, ChainAnchor.Read> runs = new HashMap<>();

	public ArchiveVerifier(ArchiveStore store) {
		this(store, Map.of());
	}

	/**
	 * @param publicKeys the public keys run manifests must be signed with, by key id; empty: signatures are counted,
	 *     not checked
	 */
	public ArchiveVerifier(ArchiveStore store, Map<String, PublicKey> publicKeys) {
		this(store, publicKeys, 1);
	}

	/**
	 * @param publicKeys the public keys run manifests must be signed with, by key id; empty: signatures are counted,
	 *     not checked
	 * @param parallelism how many objects are read at once, at most: {@link #LOCAL_PARALLELISM},
	 *     {@link #S3_PARALLELISM}, or 1 to read them one by one
	 */
	public ArchiveVerifier(ArchiveStore store, Map<String, PublicKey> publicKeys, int parallelism) {
		if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
			throw new IllegalArgumentException("--parallel must be between 1 and " + MAX_PARALLELISM + ", not "
					+ parallelism);
		}
		this.store = store;
		this.publicKeys = Map.copyOf(publicKeys);
		this.signatures = new RunManifestSignatures(store, this.publicKeys);
		this.parallelism = parallelism;
	}

	/** How many reads at once suit the store, when the operator did not say. */
	public static int defaultParallelism(ArchiveStore store) {
		return store instanceof LocalDirectoryStore ? LOCAL_PARALLELISM : S3_PARALLELISM;
	}

	public Report verify() {
		try (BoundedReads pool = new BoundedReads(this.store, this.parallelism)) {
			this.reads = pool;
			return verifyWith(pool);
		}
		finally {
			this.reads = null;
		}
	}

	private Report verifyWith(BoundedReads pool) {
		this.problems.clear();
		this.accounted.clear();
		this.signed.clear();
		this.runs.clear();
		List<String> keys = this.store.list("");
		Set<String> present = new HashSet<>(keys);
		Map<String, List<String>> chains = new TreeMap<>();
		for (String key : keys) {
			if (key.startsWith(ArchiveLayout.RUNS + "/") && key.endsWith(".json")) {
				String job = key.substring(ArchiveLayout.RUNS.length() + 1, key.lastIndexOf('/'));
				chains.computeIfAbsent(job, (name) -> new ArrayList<>()).add(key);
			}
		}
		Map<String, Expected> expected = new LinkedHashMap<>();
		Map<String, RunManifest.Link> heads = new TreeMap<>();
		int runManifests = 0;
		for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
			runManifests += chain.getValue().size();
			heads.put(chain.getKey(), checkChain(chain.getKey(), chain.getValue(), expected, present));
		}
		RunManifestSignatures.Findings signatures = this.signatures.check(keys, this.signed);
		signatures.problems()
			.forEach((problem) -> this.problems.add(CompletableFuture.completedFuture(List.of(problem))));
		this.accounted.addAll(signatures.objects());
		// The window manifests, in the order they are checked, read ahead of it.
		BoundedReads.Ahead<WindowRead> manifests = pool.ahead(
				expected.keySet().stream().filter(present::contains).toList(), ArchiveVerifier::readWindow);
		for (Map.Entry<String, Expected> window : expected.entrySet()) {
			checkWindow(window.getKey(), window.getValue(), present, manifests);
		}
		for (String key : keys) {
			if (key.endsWith(ArchiveLayout.MANIFEST_SUFFIX) && !this.accounted.contains(key)) {
				problem(Kind.UNCOVERED, key, "no run manifest lists it: its run has not finished, or the run "
						+ "manifest that listed it was removed");
				checkWindow(key, null, present, null);
			}
		}
		for (String key : keys) {
			if (this.accounted.contains(key)) {
				continue;
			}
			if (key.endsWith(LocalDirectoryStore.PART_SUFFIX) || ArchiveLayout.isStagingFile(key)) {
				problem(Kind.UNFINISHED, key, "left by a run while it was writing: that run has not finished");
			}
			else {
				problem(Kind.UNEXPECTED, key, "no manifest names it");
			}
		}
		List<Problem> found = new ArrayList<>();
		for (Future<List<Problem>> problems : this.problems) {
			found.addAll(BoundedReads.result(problems));
		}
		this.problems.clear();
		return new Report(runManifests, (int) keys.stream().filter((k) -> k.endsWith(ArchiveLayout.MANIFEST_SUFFIX))
			.count(), keys.size(), List.copyOf(found), heads, signatures.summary().line());
	}

	/**
	 * A check of the chains' heads kept outside the archive that walks the run manifests {@link #verify} read, rather
	 * than read them again (and reads those it did not, as a {@link ChainAnchor} of the store does).
	 */
	public ChainAnchor chainAnchor() {
		return new ChainAnchor(this.store, this.runs);
	}

	/** @return the chain's last run manifest and its SHA-256 */
	private RunManifest.Link checkChain(String job, List<String> keys, Map<String, Expected> expected,
			Set<String> present) {
		String previousKey = null;
		String previousSha256 = null;
		BoundedReads.Ahead<RunRead> ahead = this.reads.ahead(keys, (key, bytes) -> readRun(key, bytes, present));
		for (String key : keys) {
			this.accounted.add(key);
			RunRead read = ahead.take(key);
			this.runs.put(key, new ChainAnchor.Read(read.sha256(),
					read.manifest() != null ? read.manifest().previous() : null, read.manifest() == null));
			if (read.signature() != null) {
				this.signed.put(key, read.signature());
			}
			RunManifest manifest = read.manifest();
			if (manifest == null) {
				problem(Kind.MALFORMED, key, "not a run manifest: " + read.malformed());
				previousKey = key;
				previousSha256 = read.sha256();
				continue;
			}
			if (!manifest.job().equals(job) || !key.equals(ArchiveLayout.runManifestKey(job, manifest.sequence()))) {
				problem(Kind.MALFORMED, key, "says it is run manifest " + manifest.sequence() + " of job "
						+ manifest.job() + ", which belongs under "
						+ ArchiveLayout.runManifestKey(manifest.job(), manifest.sequence()));
			}
			RunManifest.Link link = manifest.previous();
			if (previousKey == null && link != null) {
				problem(Kind.BROKEN_CHAIN, key, "links back to " + link.key() + ", which is missing");
			}
			else if (previousKey != null && link == null) {
				problem(Kind.BROKEN_CHAIN, key, "starts a new chain although " + previousKey + " comes before it");
			}
			else if (previousKey != null && !link.key().equals(previousKey)) {
				problem(Kind.BROKEN_CHAIN, key, "links back to " + link.key() + ", which is missing (the run manifest "
						+ "before it is " + previousKey + ")");
			}
			else if (previousKey != null && !link.sha256().equals(previousSha256)) {
				problem(Kind.BROKEN_CHAIN, key, "recorded SHA-256 " + link.sha256() + " for " + previousKey
						+ ", which now has SHA-256 " + previousSha256 + ": " + previousKey + " was altered");
			}
			for (RunManifest.Window window : manifest.windows()) {
				// A later run of the same window replaced it: the latest run manifest that lists it decides.
				expected.remove(window.manifest().key());
				expected.put(window.manifest().key(), new Expected(window.manifest().sha256(), key, window.verdict()));
			}
			previousKey = key;
			previousSha256 = read.sha256();
		}
		return new RunManifest.Link(previousKey, previousSha256);
	}

	/**
	 * A run manifest hashed, parsed and, when public keys were given, its signature checked against its bytes: on a
	 * thread of the pool, so that its bytes are read once and not held.
	 */
	private RunRead readRun(String key, byte[] bytes, Set<String> present) {
		RunManifestSignatures.Checked signature = this.signatures.checking()
				&& present.contains(RunManifestSignature.keyOf(key)) ? this.signatures.checkBeside(key, bytes) : null;
		try {
			return new RunRead(sha256(bytes), RunManifest.parse(bytes), null, signature);
		}
		catch (IllegalArgumentException ex) {
			return new RunRead(sha256(bytes), null, ex.getMessage(), signature);
		}
	}

	/** A window manifest hashed and parsed, on a thread of the pool: what it parsed to is held, not its bytes. */
	private static WindowRead readWindow(String key, byte[] bytes) {
		try {
			return new WindowRead(sha256(bytes), WindowManifest.parse(bytes, key), null);
		}
		catch (InvalidManifestException ex) {
			return new WindowRead(sha256(bytes), null, ex.problem());
		}
	}

	/** @param ahead where the manifest was read ahead of its turn, or {@code null} to read it now */
	private void checkWindow(String manifestKey, @Nullable Expected expected, Set<String> present,
			BoundedReads.@Nullable Ahead<WindowRead> ahead) {
		this.accounted.add(manifestKey);
		if (!present.contains(manifestKey)) {
			problem(Kind.MISSING, manifestKey, "listed by " + expected.runManifest());
			return;
		}
		WindowRead read = ahead != null ? ahead.take(manifestKey)
				: BoundedReads.result(this.reads.read(manifestKey, ArchiveVerifier::readWindow));
		if (expected != null && !expected.sha256().equals(read.sha256())) {
			problem(Kind.ALTERED, manifestKey, "has SHA-256 " + read.sha256() + ", but " + expected.runManifest()
					+ " recorded " + expected.sha256());
		}
		WindowManifest manifest = read.manifest();
		if (manifest == null) {
			// Nothing it names can be checked against it: the objects only it names show up as no manifest's.
			problem(Kind.MALFORMED, manifestKey, read.malformed());
			return;
		}
		checkConsistency(manifestKey, manifest, expected);
		String folder = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
		checkObject(folder + manifest.file(), manifestKey, manifest.bytes(), manifest.sha256(), manifest.gzipped(),
				manifest.counts().written(), present);
		for (WindowManifest.ArchivedFile archived : manifest.archived()) {
			checkObject(archived.path(), manifestKey, archived.bytes(), archived.sha256(), false, null, present);
		}
		RunManifest.Link supersedes = manifest.supersedes();
		// The version this one replaced, kept under <stem>.versions/<n>/: checked like any window, recursively.
		if (supersedes != null && !this.accounted.contains(supersedes.key())) {
			checkWindow(supersedes.key(), new Expected(supersedes.sha256(), manifestKey, null), present, null);
		}
	}

	/** The window manifest against itself, and against the verdict its run manifest lists for it. */
	private void checkConsistency(String manifestKey, WindowManifest manifest, @Nullable Expected expected) {
		for (String contradiction : ManifestConsistency.ofWindow(manifest)) {
			problem(Kind.INCONSISTENT, manifestKey, contradiction);
		}
		if (expected != null && expected.verdict() != null) {
			String disagreement = ManifestConsistency.ofListing(expected.verdict(), expected.runManifest(), manifest);
			if (disagreement != null) {
				problem(Kind.INCONSISTENT, manifestKey, disagreement);
			}
		}
	}

	/**
	 * Starts the object's read on the pool; its problems take their place in the report now.
	 * @param records the data rows the object must hold, or {@code null} when it is not a CSV file
	 */
	private void checkObject(String key, String manifestKey, long bytes, String sha256, boolean gzip,
			@Nullable Long records, Set<String> present) {
		this.accounted.add(key);
		if (!present.contains(key)) {
			problem(Kind.MISSING, key, "named by " + manifestKey);
			return;
		}
		this.problems.add(this.reads.submit(() -> objectProblems(key, manifestKey, bytes, sha256, gzip, records)));
	}

	/** What is wrong with the object's bytes: read on a thread of the pool. */
	private List<Problem> objectProblems(String key, String manifestKey, long bytes, String sha256, boolean gzip,
			@Nullable Long records) {
		Measured measured;
		try {
			measured = measure(key, bytes, gzip, records != null);
		}
		catch (IOException ex) {
			return List.of(new Problem(Kind.ALTERED, key, "cannot be read (" + ex.getMessage() + ")"));
		}
		List<Problem> found = new ArrayList<>();
		if (measured.bytes() != bytes) {
			found.add(new Problem(Kind.ALTERED, key, "is " + measured.bytes() + " bytes, but " + manifestKey + " says "
					+ bytes));
		}
		if (!measured.sha256().equals(sha256)) {
			found.add(new Problem(Kind.ALTERED, key, "has SHA-256 " + measured.sha256() + ", but " + manifestKey
					+ " says " + sha256));
		}
		if (measured.unreadable() != null) {
			found.add(new Problem(Kind.ALTERED, key, "cannot be read back as the CSV " + manifestKey + " describes ("
					+ measured.unreadable() + ")"));
		}
		else if (records != null && measured.records() != records) {
			found.add(new Problem(Kind.ALTERED, key, "holds " + measured.records() + " records, but " + manifestKey
					+ " says " + records + " were written"));
		}
		return found;
	}

	/** @param unreadable why the object could not be read as CSV, or {@code null} */
	private record Measured(long bytes, String sha256, long records, @Nullable String unreadable) {
	}

	private static final int MIN_READ = 8 * 1024;

	/**
	 * The largest read from a store: reads of 1 MB let a cold disk stream at the rate SHA-256 takes it (measured on a
	 * 2 GB file, page cache dropped: 413 MB/s with 64 KB reads, 1,282 MB/s with 1 MB, as fast as when cached); at most
	 * {@code parallelism} such buffers exist at once.
	 */
	private static final int MAX_READ = 1024 * 1024;

	/**
	 * From this size on, an object is read on a thread of its own while the pool's thread hashes what was read: a
	 * cold disk and SHA-256 then work at once, not by turns (a 2 GB file, page cache dropped: 589 MB/s by turns, 47% of
	 * the disk's rate). Two buffers of {@link #MAX_READ} a large object.
	 */
	static final long READ_AHEAD_FROM = 8L * MAX_READ;

	/** Hashes every byte of the object, and counts its CSV records as far as they can be read. */
	private Measured measure(String key, long expectedBytes, boolean gzip, boolean csv) throws IOException {
		int buffer = (int) Math.max(MIN_READ, Math.min(MAX_READ, expectedBytes + 1));
		try (DigestInputStream raw = new DigestInputStream(opened(key, expectedBytes), sha256Digest());
				CountingInputStream counted = new CountingInputStream(new BufferedInputStream(raw, buffer))) {
			long records = 0;
			String unreadable = null;
			if (csv) {
				try {
					InputStream body = gzip ? new GZIPInputStream(counted) : counted;
					CSVParser parser = CSVFormat.RFC4180.parse(new InputStreamReader(body, StandardCharsets.UTF_8));
					for (var ignored : parser) {
						records++;
					}
					records = Math.max(0, records - 1);
				}
				catch (IOException | UncheckedIOException | IllegalStateException ex) {
					unreadable = ex.getMessage();
				}
			}
			counted.transferTo(OutputStream.nullOutputStream());
			return new Measured(counted.count(), HexFormat.of().formatHex(raw.getMessageDigest().digest()), records,
					unreadable);
		}
	}

	/** The object's bytes, read ahead of the hashing when it is large. */
	private InputStream opened(String key, long expectedBytes) throws IOException {
		InputStream in = this.store.open(key);
		if (expectedBytes < READ_AHEAD_FROM) {
			return in;
		}
		try {
			return new StoreFailures(ReadAheadInputStream.builder().setInputStream(in).setBufferSize(MAX_READ).get());
		}
		catch (IOException | RuntimeException ex) {
			in.close();
			throw ex;
		}
	}

	/**
	 * What the read-ahead thread met, as the store reported it: a failure of the store itself (unchecked) stops the
	 * reads as it does without reading ahead, rather than being reported as one unreadable object.
	 */
	private static final class StoreFailures extends FilterInputStream {

		StoreFailures(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			try {
				return super.read();
			}
			catch (IOException ex) {
				throw unwrapped(ex);
			}
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			try {
				return super.read(bytes, offset, length);
			}
			catch (IOException ex) {
				throw unwrapped(ex);
			}
		}

		private static IOException unwrapped(IOException ex) {
			if (ex.getCause() instanceof RuntimeException failure && ex.getClass() == IOException.class) {
				throw failure;
			}
			return ex;
		}

	}

	private void problem(Kind kind, String key, String detail) {
		this.problems.add(CompletableFuture.completedFuture(List.of(new Problem(kind, key, detail))));
	}

	private static String sha256(byte[] bytes) {
		return RunManifestChain.sha256(bytes);
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
