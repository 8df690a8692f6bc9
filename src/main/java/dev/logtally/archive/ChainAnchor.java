package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Checks that each chain head kept outside the archive ({@code verify --expect-head}, {@code --expect-head-file}) is
 * still in its job's chain: walking from the job's newest run manifest back, link by link, each link holding, the walk
 * must reach a run manifest with the expected SHA-256. A chain that grew since is fine (the anchored part of it is
 * intact); a head that cannot be reached means that run manifest, or one after it, was removed, or the chain replaced:
 * what no hash chain can show by itself.
 */
public final class ChainAnchor {

	/**
	 * One head to find.
	 * @param sha256 the run manifest's SHA-256, lowercase hex
	 * @param file the head file it was read from, with what else that file names, or {@code null} when given bare
	 */
	public record Expected(String sha256, @Nullable HeadFile file) {

		public static Expected of(String sha256) {
			return new Expected(sha256, null);
		}

		public static Expected of(Path path, ChainHead head) {
			return new Expected(head.sha256(), new HeadFile(path, head));
		}

	}

	/** A head file as read: where, and what it says. */
	public record HeadFile(Path path, ChainHead head) {
	}

	/**
	 * What the check found.
	 * @param problems one per head not found, or found under another key than its head file says
	 * @param found one line per head found, for the operator
	 */
	public record Result(List<ArchiveVerifier.Problem> problems, List<String> found) {
	}

	/** A run manifest reached from its chain's end: its key and the SHA-256 of its bytes. */
	private record Reached(String key, String sha256) {
	}

	/**
	 * A run manifest as read: the SHA-256 of its bytes and what it links back to.
	 * @param previous the run manifest it links back to, or {@code null}: it starts its chain, or is not a run manifest
	 * @param malformed whether it could not be read as a run manifest
	 */
	record Read(String sha256, RunManifest.@Nullable Link previous, boolean malformed) {
	}

	private final ArchiveStore store;

	/** Run manifests read before, by key: not read again. */
	private final Map<String, Read> read;

	private final Map<String, List<Reached>> walked = new HashMap<>();

	public ChainAnchor(ArchiveStore store) {
		this(store, Map.of());
	}

	/** @param read run manifests the caller read already ({@link ArchiveVerifier#chainAnchor}), by key */
	ChainAnchor(ArchiveStore store, Map<String, Read> read) {
		this.store = store;
		this.read = Map.copyOf(read);
	}

	public Result check(List<Expected> heads) {
		List<ArchiveVerifier.Problem> problems = new ArrayList<>();
		List<String> found = new ArrayList<>();
		if (heads.isEmpty()) {
			return new Result(List.of(), List.of());
		}
		Map<String, List<String>> chains = chains();
		for (Expected expected : heads) {
			HeadFile file = expected.file();
			Set<String> jobs = file == null ? chains.keySet() : Set.of(file.head().job());
			String where = null;
			String job = null;
			for (String candidate : new TreeSet<>(jobs)) {
				List<String> keys = chains.getOrDefault(candidate, List.of());
				for (Reached reached : walk(candidate, keys)) {
					if (reached.sha256().equals(expected.sha256())) {
						where = reached.key();
						job = candidate;
						break;
					}
				}
				if (where != null) {
					break;
				}
			}
			if (where == null) {
				problems.add(missing(expected, chains));
				continue;
			}
			if (file != null && (!where.equals(file.head().key())
					|| ArchiveLayout.runManifestSequence(where) != file.head().sequence())) {
				problems.add(new ArchiveVerifier.Problem(ArchiveVerifier.Kind.UNANCHORED, file.head().key(),
						"the head file " + file.path() + " names it as sequence " + file.head().sequence() + " with SHA-256 "
								+ expected.sha256() + ", but the run manifest with that SHA-256 is " + where
								+ ", sequence " + ArchiveLayout.runManifestSequence(where)));
				continue;
			}
			List<Reached> chain = this.walked.get(job);
			int since = indexOf(chain, where);
			found.add("expected head of " + job + " found: " + where + " sha256 " + expected.sha256() + " ("
					+ (since == 0 ? "the chain's end" : since + " run manifest" + (since == 1 ? "" : "s") + " since")
					+ ")");
		}
		return new Result(List.copyOf(problems), List.copyOf(found));
	}

	private static int indexOf(List<Reached> chain, String key) {
		for (int i = 0; i < chain.size(); i++) {
			if (chain.get(i).key().equals(key)) {
				return i;
			}
		}
		return -1;
	}

	/** Why the head could not be found, and what the chains end with now. */
	private ArchiveVerifier.Problem missing(Expected expected, Map<String, List<String>> chains) {
		HeadFile file = expected.file();
		if (file == null) {
			List<String> ends = new ArrayList<>();
			chains.forEach((job, keys) -> ends.add(end(job, keys)));
			return new ArchiveVerifier.Problem(ArchiveVerifier.Kind.UNANCHORED, ArchiveLayout.RUNS + "/",
					"no chain reaches the expected head sha256 " + expected.sha256() + ": the run manifest with that "
							+ "SHA-256, or one after it, was removed, or the chain was replaced; "
							+ (ends.isEmpty() ? "the archive holds no run manifest" : "the chains end with "
									+ String.join(", ", ends)));
		}
		ChainHead head = file.head();
		List<String> keys = chains.getOrDefault(head.job(), List.of());
		String now;
		if (keys.isEmpty()) {
			now = "the archive holds no run manifest of job " + head.job();
		}
		else if (keys.contains(head.key())) {
			now = head.key() + " is there with SHA-256 " + runManifest(head.key()).sha256()
					+ " instead, and the chain ends with " + end(head.job(), keys);
		}
		else {
			now = head.key() + " is missing, and the chain ends with " + end(head.job(), keys);
		}
		return new ArchiveVerifier.Problem(ArchiveVerifier.Kind.UNANCHORED, head.key(), "the head file " + file.path()
				+ " expects sequence " + head.sequence() + " of " + head.job() + " with SHA-256 " + head.sha256()
				+ ", which the chain does not reach: " + now
				+ "; that run manifest, or one after it, was removed, or the chain was replaced");
	}

	private String end(String job, List<String> keys) {
		List<Reached> chain = walk(job, keys);
		return chain.isEmpty() ? job + ": none" : chain.get(0).key() + " sha256 " + chain.get(0).sha256();
	}

	/** Every job's run manifests, oldest first. */
	private Map<String, List<String>> chains() {
		Map<String, List<String>> chains = new TreeMap<>();
		for (String key : this.store.list(ArchiveLayout.RUNS + "/")) {
			int slash = key.lastIndexOf('/');
			if (slash <= ArchiveLayout.RUNS.length()) {
				continue;
			}
			String job = key.substring(ArchiveLayout.RUNS.length() + 1, slash);
			if (ArchiveLayout.isRunManifestKey(job, key)) {
				chains.computeIfAbsent(job, (name) -> new ArrayList<>()).add(key);
			}
		}
		return chains;
	}

	/**
	 * The job's run manifests reached from its newest one, newest first, following each link while it holds: the
	 * manifest it names is there and has the SHA-256 it recorded. A manifest that cannot be read as one ends the walk.
	 */
	private List<Reached> walk(String job, List<String> keys) {
		return this.walked.computeIfAbsent(job, (name) -> {
			List<Reached> reached = new ArrayList<>();
			if (keys.isEmpty()) {
				return reached;
			}
			Set<String> present = new HashSet<>(keys);
			String key = keys.get(keys.size() - 1);
			Read current = runManifest(key);
			while (true) {
				reached.add(new Reached(key, current.sha256()));
				if (current.malformed()) {
					// ArchiveVerifier names it MALFORMED.
					return reached;
				}
				RunManifest.Link previous = current.previous();
				if (previous == null || !present.contains(previous.key()) || reached.size() > keys.size()) {
					return reached;
				}
				Read before = runManifest(previous.key());
				if (!before.sha256().equals(previous.sha256())) {
					// The link does not hold: ArchiveVerifier names it BROKEN_CHAIN; nothing before it is anchored.
					return reached;
				}
				key = previous.key();
				current = before;
			}
		});
	}

	/** The run manifest at {@code key}, as read before or read now. */
	private Read runManifest(String key) {
		Read known = this.read.get(key);
		return known != null ? known : of(read(key));
	}

	/** A run manifest's bytes as {@link #walk} follows them. */
	private static Read of(byte[] bytes) {
		String sha256 = sha256(bytes);
		try {
			return new Read(sha256, RunManifest.parse(bytes).previous(), false);
		}
		catch (IllegalArgumentException ex) {
			return new Read(sha256, null, true);
		}
	}

	private byte[] read(String key) {
		try (InputStream in = this.store.open(key)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot read " + this.store.describe(key) + ": " + ex.getMessage(), ex);
		}
	}

	private static String sha256(byte[] bytes) {
		return Sha256.of(bytes);
	}

}
