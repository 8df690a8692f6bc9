package dev.logtally.jobspec;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in the PEM forms OpenSSL writes and reads ({@code openssl genpkey -algorithm ed25519}): a private key as
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), a public key as X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}). The JDK
 * has the keys, not the PEM armour, which is only base64 between two lines.
 *
 * <p>Its messages say what the text is not, never what it holds.
 */
public final class Ed25519Pem {

	public static final String ALGORITHM = "Ed25519";

	private static final Pattern ARMOUR = Pattern.compile(
			"-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----", Pattern.DOTALL);

	private Ed25519Pem() {
	}

	/**
	 * @throws IllegalArgumentException saying why the text is not an Ed25519 private key in PKCS#8 PEM
	 */
	public static PrivateKey privateKey(String pem) {
		byte[] der = der(pem, "PRIVATE KEY", "an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
		try {
			return keys().generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalArgumentException("is a PKCS#8 private key, but not an Ed25519 one (logtally signs with "
					+ "Ed25519: openssl genpkey -algorithm ed25519, or logtally keygen)");
		}
	}

	/**
	 * @throws IllegalArgumentException saying why the text is not an Ed25519 public key in PEM
	 */
	public static PublicKey publicKey(String pem) {
		byte[] der = der(pem, "PUBLIC KEY", "an Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----)");
		try {
			return keys().generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalArgumentException("is a public key, but not an Ed25519 one");
		}
	}

	public static String encode(PrivateKey key) {
		return armour("PRIVATE KEY", key.getEncoded());
	}

	public static String encode(PublicKey key) {
		return armour("PUBLIC KEY", key.getEncoded());
	}

	private static byte[] der(String pem, String label, String expected) {
		Matcher armour = ARMOUR.matcher(pem);
		if (!armour.find()) {
			throw new IllegalArgumentException("is not " + expected);
		}
		if (!armour.group(1).equals(label)) {
			throw new IllegalArgumentException("holds a " + armour.group(1) + ", not " + expected);
		}
		try {
			return Base64.getMimeDecoder().decode(armour.group(2));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not " + expected + ": its base64 is damaged");
		}
	}

	private static String armour(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der) + "\n-----END " + label + "-----\n";
	}

	private static KeyFactory keys() {
		try {
			return KeyFactory.getInstance(ALGORITHM);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK has no " + ALGORITHM, ex);
		}
	}

}
