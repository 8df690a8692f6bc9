package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import dev.logtally.jobspec.SigningKey;
import org.jspecify.annotations.Nullable;

/**
 * Appends a finished run's manifest to its job's chain, {@code _runs/<job>/<sequence>.json}.
 *
 * <p>Idempotent: when the chain already ends with a manifest of the same run (the run crashed after writing it, or
 * published again), that manifest is written again in place, with the same sequence and the same link back, so the
 * chain never holds a run twice.
 *
 * <p>When the job signs its runs, each run manifest gets its signature object beside it ({@link RunManifestSignature}),
 * written after it: a crash in between leaves the run unfinished, and its restart writes both again, with the same
 * bytes.
 */
public final class RunManifestChain {

	private final ArchiveStore store;

	private final @Nullable SigningKey signer;

	public RunManifestChain(ArchiveStore store) {
		this(store, null);
	}

	/** @param signer the key that signs each run manifest, or {@code null} when the job does not sign */
	public RunManifestChain(ArchiveStore store, @Nullable SigningKey signer) {
		this.store = store;
		this.signer = signer;
	}

	/**
	 * @param windows the window manifests the run published
	 * @param request why the run was asked for and by whom, from its job parameters
	 * @return the run manifest written, by key and the SHA-256 of its bytes: the job's chain head
	 */
	public RunManifest.Link append(String job, Instant from, Instant to, long attempt,
			List<RunManifest.Window> windows, RunManifest.@Nullable Request request) {
		List<String> chain = this.store.list(ArchiveLayout.runManifestPrefix(job))
			.stream()
			.filter((key) -> ArchiveLayout.isRunManifestKey(job, key))
			.toList();
		RunManifest.Link previous = null;
		long sequence = 1;
		if (!chain.isEmpty()) {
			String lastKey = chain.get(chain.size() - 1);
			byte[] lastBytes = read(lastKey);
			RunManifest last;
			try {
				last = RunManifest.parse(lastBytes);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("the run manifest " + this.store.describe(lastKey) + " is damaged ("
						+ ex.getMessage() + "): the chain cannot be continued; run logtally verify on the archive", ex);
			}
			RunManifest candidate = new RunManifest(job, from, to, attempt, last.sequence(), null, windows, request);
			if (candidate.sameRunAs(last)) {
				previous = last.previous();
				sequence = last.sequence();
			}
			else {
				previous = new RunManifest.Link(lastKey, sha256(lastBytes));
				sequence = last.sequence() + 1;
			}
		}
		String key = ArchiveLayout.runManifestKey(job, sequence);
		byte[] json = new RunManifest(job, from, to, attempt, sequence, previous, windows, request).toJson();
		this.store.put(key, json);
		if (this.signer != null) {
			this.store.put(RunManifestSignature.keyOf(key), RunManifestSignature.sign(this.signer, key, json).toJson());
		}
		return new RunManifest.Link(key, sha256(json));
	}

	private byte[] read(String key) {
		try (InputStream in = this.store.open(key)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.store.describe(key) + ": " + ex.getMessage(), ex);
		}
	}

	public static String sha256(byte[] bytes) {
		return Sha256.of(bytes);
	}

}
