package dev.logtally.archive;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;

import dev.logtally.jobspec.Ed25519Pem;
import dev.logtally.jobspec.SigningKey;
import tools.jackson.databind.JsonNode;

/**
 * A detached signature of one run manifest, stored beside it as {@code _runs/<job>/<sequence>.json.sig}: which key
 * signed (by id), which object (by key and SHA-256), and the Ed25519 signature over the run manifest's exact bytes.
 * Detached, so a run manifest's bytes are the same whether the job signs or not, and a verifier without the public key
 * still checks the chain.
 *
 * <p>Invariant: Ed25519 signatures are deterministic (RFC 8032), and this object's JSON is, so a restarted run that
 * writes the same run manifest writes the same signature object, byte for byte.
 * @param keyId the signing key's id, which a verifier maps to its public key
 * @param signed the run manifest, by key and SHA-256
 * @param signature the signature over the run manifest's bytes, base64
 */
public record RunManifestSignature(String keyId, RunManifest.Link signed, String signature) {

	public static final String FORMAT = "logtally.run-manifest-signature/1";

	/** What a signature object's key adds to its run manifest's key. */
	public static final String SUFFIX = ".sig";

	/**
	 * Signs a run manifest's bytes.
	 * @param key the run manifest's key
	 */
	public static RunManifestSignature sign(SigningKey signer, String key, byte[] runManifest) {
		try {
			Signature ed25519 = Signature.getInstance(Ed25519Pem.ALGORITHM);
			ed25519.initSign(signer.privateKey());
			ed25519.update(runManifest);
			return new RunManifestSignature(signer.keyId(), new RunManifest.Link(key, Sha256.of(runManifest)),
					Base64.getEncoder().encodeToString(ed25519.sign()));
		}
		catch (InvalidKeyException ex) {
			// Without the exception's own text: a provider may describe the key.
			throw new IllegalStateException("the signing key " + signer.keyId() + " cannot sign with "
					+ Ed25519Pem.ALGORITHM);
		}
		catch (NoSuchAlgorithmException | SignatureException ex) {
			throw new IllegalStateException("cannot sign " + key + " with " + Ed25519Pem.ALGORITHM + ": "
					+ ex.getMessage(), ex);
		}
	}

	/** Whether the signature holds for these bytes under this public key. */
	public boolean verifies(PublicKey publicKey, byte[] runManifest) {
		try {
			Signature ed25519 = Signature.getInstance(Ed25519Pem.ALGORITHM);
			ed25519.initVerify(publicKey);
			ed25519.update(runManifest);
			return ed25519.verify(Base64.getDecoder().decode(this.signature));
		}
		catch (SignatureException | IllegalArgumentException ex) {
			// A signature of the wrong length, for example: it does not hold.
			return false;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot check an " + Ed25519Pem.ALGORITHM + " signature: "
					+ ex.getMessage(), ex);
		}
	}

	/** The key of the signature object of the run manifest at {@code runManifestKey}. */
	public static String keyOf(String runManifestKey) {
		return runManifestKey + SUFFIX;
	}

	/** Whether {@code key} is a run manifest's signature object, as {@link #keyOf} names them. */
	public static boolean isSignatureKey(String key) {
		return key.startsWith(ArchiveLayout.RUNS + "/") && key.endsWith(".json" + SUFFIX);
	}

	/** The key of the run manifest a signature object at {@code signatureKey} belongs beside. */
	public static String runManifestKeyOf(String signatureKey) {
		return signatureKey.substring(0, signatureKey.length() - SUFFIX.length());
	}

	public byte[] toJson() {
		return DeterministicJson.render((json) -> {
			json.writeStartObject();
			json.writeStringProperty("format", FORMAT);
			json.writeStringProperty("algorithm", Ed25519Pem.ALGORITHM);
			json.writeStringProperty("keyId", this.keyId);
			json.writeName("signed");
			json.writeStartObject();
			json.writeStringProperty("key", this.signed.key());
			json.writeStringProperty("sha256", this.signed.sha256());
			json.writeEndObject();
			json.writeStringProperty("signature", this.signature);
			json.writeEndObject();
		});
	}

	/**
	 * Reads a signature object back.
	 * @throws IllegalArgumentException naming the field when the bytes are not one
	 */
	public static RunManifestSignature parse(byte[] bytes) {
		JsonNode root = JsonFields.tree(bytes);
		if (!FORMAT.equals(JsonFields.text(root, "format"))) {
			throw new IllegalArgumentException("format is not " + FORMAT);
		}
		String algorithm = JsonFields.text(root, "algorithm");
		if (!Ed25519Pem.ALGORITHM.equals(algorithm)) {
			throw new IllegalArgumentException("algorithm \"" + algorithm + "\" is not " + Ed25519Pem.ALGORITHM);
		}
		JsonNode signed = root.get("signed");
		if (signed == null || !signed.isObject()) {
			throw new IllegalArgumentException("signed is missing");
		}
		String signature = JsonFields.text(root, "signature");
		try {
			Base64.getDecoder().decode(signature);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("signature is not base64");
		}
		return new RunManifestSignature(JsonFields.text(root, "keyId"), new RunManifest.Link(JsonFields.text(signed, "key"),
				JsonFields.text(signed, "sha256")), signature);
	}

}
