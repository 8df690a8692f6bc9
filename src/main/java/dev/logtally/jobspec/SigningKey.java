package dev.logtally.jobspec;

import java.security.PrivateKey;

/**
 * The private key that signs a job's run manifests, resolved from its {@link SigningSpec}, with the id signatures name
 * it by.
 *
 * <p>Invariant: the key's bytes never leave this object through {@link #toString()}: it prints its algorithm and id.
 * @param keyId the key's id
 * @param privateKey an Ed25519 private key
 */
public record SigningKey(String keyId, PrivateKey privateKey) {

	@Override
	public String toString() {
		return "Ed25519 signing key " + this.keyId;
	}

}
