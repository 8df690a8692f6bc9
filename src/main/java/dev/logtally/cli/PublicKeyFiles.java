package dev.logtally.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.jobspec.Ed25519Pem;

/**
 * The public keys of {@code verify --public-key}, by key id: a key's id is its file's name without {@code .pub}, as
 * {@code logtally keygen} names the files, so an auditor's folder of published keys needs no other mapping.
 */
final class PublicKeyFiles {

	static final String SUFFIX = ".pub";

	private PublicKeyFiles() {
	}

	/**
	 * @throws IllegalArgumentException naming the file and why it cannot be used, or two files of one key id
	 */
	static Map<String, PublicKey> read(List<Path> files) {
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		Map<String, Path> from = new LinkedHashMap<>();
		for (Path file : files) {
			String name = file.getFileName().toString();
			String keyId = name.endsWith(SUFFIX) && name.length() > SUFFIX.length()
					? name.substring(0, name.length() - SUFFIX.length()) : name;
			if (from.containsKey(keyId)) {
				throw new IllegalArgumentException("--public-key " + file + " and " + from.get(keyId)
						+ " both name the key id " + keyId + " (a key's id is its file's name without .pub)");
			}
			keys.put(keyId, read(file));
			from.put(keyId, file);
		}
		return keys;
	}

	private static PublicKey read(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("--public-key " + file + ": file does not exist or is not a regular file");
		}
		String pem;
		try {
			pem = Files.readString(file, StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--public-key " + file + ": cannot be read ("
					+ ex.getClass().getSimpleName() + ")");
		}
		try {
			return Ed25519Pem.publicKey(pem);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--public-key " + file + ": " + ex.getMessage());
		}
	}

}
