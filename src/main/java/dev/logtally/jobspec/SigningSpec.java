package dev.logtally.jobspec;

/**
 * The spec's {@code signing} section: every run manifest the job writes is signed with this key, in a signature object
 * beside it. The spec holds only where the key is, never the key.
 * @param key where the Ed25519 private key (PKCS#8 PEM) is read from: a file or an environment variable
 * @param keyId the name the signatures give the key, which a verifier maps to its public key
 */
public record SigningSpec(CredentialRef key, String keyId) {
}
