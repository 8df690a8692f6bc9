package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.logtally.archive.ArchiveVerifier.Kind;
import dev.logtally.archive.ArchiveVerifier.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Checks the signature objects beside an archive's run manifests ({@link RunManifestSignature}) against the public keys
 * a verifier was given, by key id: with keys, every run manifest must carry a signature by one of them over its exact
 * bytes; without keys, signatures are only counted, since the archive may be older than signing. Either way a
 * signature whose run manifest is gone says that run manifest was removed.
 */
final class RunManifestSignatures {

	/**
	 * What the signatures came to, for the verifier's report.
	 * @param runManifests run manifests in the archive
	 * @param signed those with a signature object beside them
	 * @param keyIds the key ids the signature objects name (those that could be read)
	 * @param checkedWith the ids of the public keys they were checked with; empty: not checked
	 */
	record Summary(int runManifests, int signed, Set<String> keyIds, Set<String> checkedWith) {

		/** One line for the operator, or {@code null} when there is nothing to say: no signature and no key. */
		@Nullable String line() {
			if (this.signed == 0 && this.checkedWith.isEmpty()) {
				return null;
			}
			String what = "signatures: " + this.signed + " of " + this.runManifests + " run manifests signed"
					+ (this.keyIds.isEmpty() ? "" : " (key ids " + String.join(", ", this.keyIds) + ")");
			return this.checkedWith.isEmpty() ? what + ", not checked: give the public keys to check them"
					: what + ", checked with the public keys " + String.join(", ", this.checkedWith);
		}

	}

	/**
	 * @param problems what is wrong, each naming its object
	 * @param objects the signature objects: accounted for, never an object no manifest names
	 */
	record Findings(List<Problem> problems, Set<String> objects, Summary summary) {
	}

	/**
	 * What a signature object says of its run manifest.
	 * @param keyId the key id it names, or {@code null} when it could not be read as a signature
	 * @param malformed why it could not, or {@code null}
	 * @param problem what is wrong with it against the public keys and the run manifest's bytes, or {@code null}: none,
	 *     or no public keys were given
	 */
	record Checked(@Nullable String keyId, @Nullable String malformed, @Nullable String problem) {
	}

	private final ArchiveStore store;

	private final Map<String, PublicKey> publicKeys;

	/** @param publicKeys by key id; empty: signatures are counted, not checked */
	RunManifestSignatures(ArchiveStore store, Map<String, PublicKey> publicKeys) {
		this.store = store;
		this.publicKeys = Map.copyOf(publicKeys);
	}

	/** @param keys every key of the archive */
	Findings check(List<String> keys) {
		return check(keys, Map.of());
	}

	/**
	 * @param keys every key of the archive
	 * @param checked the signatures already checked while their run manifests were read ({@link #checkBeside}), by run
	 *     manifest key: those run manifests are not read again
	 */
	Findings check(List<String> keys, Map<String, Checked> checked) {
		Set<String> present = new HashSet<>(keys);
		List<Problem> problems = new ArrayList<>();
		Set<String> objects = new TreeSet<>();
		Set<String> keyIds = new TreeSet<>();
		int runManifests = 0;
		int signed = 0;
		for (String key : keys) {
			if (RunManifestSignature.isSignatureKey(key)) {
				objects.add(key);
				String manifest = RunManifestSignature.runManifestKeyOf(key);
				if (!present.contains(manifest)) {
					problems.add(new Problem(Kind.MISSING, manifest, "its signature " + key
							+ " is there, the run manifest is not: it was removed"));
				}
				continue;
			}
			if (!key.startsWith(ArchiveLayout.RUNS + "/") || !key.endsWith(".json")) {
				continue;
			}
			runManifests++;
			String signatureKey = RunManifestSignature.keyOf(key);
			if (!present.contains(signatureKey)) {
				if (!this.publicKeys.isEmpty()) {
					problems.add(new Problem(Kind.UNSIGNED, key, "has no signature " + signatureKey + " beside it, "
							+ "and public keys were given: it was written unsigned, or its signature was removed"));
				}
				continue;
			}
			signed++;
			Checked signature = checked.containsKey(key) ? checked.get(key) : checkBeside(key, null);
			if (signature.malformed() != null) {
				if (!this.publicKeys.isEmpty()) {
					problems.add(new Problem(Kind.MALFORMED, signatureKey, signature.malformed()));
				}
				continue;
			}
			keyIds.add(signature.keyId());
			if (signature.problem() != null) {
				problems.add(new Problem(Kind.BAD_SIGNATURE, signatureKey, signature.problem()));
			}
		}
		return new Findings(problems, objects,
				new Summary(runManifests, signed, keyIds, new TreeSet<>(this.publicKeys.keySet())));
	}

	/**
	 * Reads the signature object beside the run manifest at {@code key}, which must be there, and checks it against the
	 * public keys and the run manifest's bytes.
	 * @param bytes the run manifest's bytes, when the caller has them; {@code null}: read them if they are needed
	 */
	Checked checkBeside(String key, byte @Nullable [] bytes) {
		RunManifestSignature signature;
		try {
			signature = RunManifestSignature.parse(read(RunManifestSignature.keyOf(key)));
		}
		catch (IllegalArgumentException ex) {
			return new Checked(null, "not a run manifest signature: " + ex.getMessage(), null);
		}
		return new Checked(signature.keyId(), null, this.publicKeys.isEmpty() ? null : problem(signature, key, bytes));
	}

	/** Whether the public keys were given: only then do signatures need their run manifests' bytes. */
	boolean checking() {
		return !this.publicKeys.isEmpty();
	}

	/** @return what is wrong with the signature of the run manifest at {@code key}, or {@code null} */
	private @Nullable String problem(RunManifestSignature signature, String key, byte @Nullable [] known) {
		PublicKey publicKey = this.publicKeys.get(signature.keyId());
		if (publicKey == null) {
			return "signed by key id \"" + signature.keyId() + "\", which none of the public keys given is (given: "
					+ String.join(", ", new TreeSet<>(this.publicKeys.keySet())) + ")";
		}
		if (!signature.signed().key().equals(key)) {
			return "signs " + signature.signed().key() + ", not the run manifest beside it, " + key;
		}
		byte[] bytes = known != null ? known : read(key);
		String sha256 = Sha256.of(bytes);
		if (!signature.signed().sha256().equals(sha256)) {
			return "was made over SHA-256 " + signature.signed().sha256() + ", but " + key + " now has SHA-256 "
					+ sha256 + ": the run manifest was altered after it was signed";
		}
		if (!signature.verifies(publicKey, bytes)) {
			return "does not verify over " + key + " with the public key \"" + signature.keyId() + "\": the "
					+ "signature was altered, or made with another key";
		}
		return null;
	}

	private byte[] read(String key) {
		try (InputStream in = this.store.open(key)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.store.describe(key) + ": " + ex.getMessage(), ex);
		}
	}

}
