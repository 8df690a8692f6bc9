package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.logtally.jobspec.Ed25519Pem;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logtally keygen --out DIR}: writes a new Ed25519 key pair for signing run manifests, {@code <key id>.key}
 * (PKCS#8 PEM, 0600) and {@code <key id>.pub} (X.509 PEM, 0644), and prints the spec's {@code signing} section that uses
 * it. It never replaces a key: a replaced private key would leave the runs it signed unverifiable by a new public key.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Writes an Ed25519 key pair that signs the run manifests of a job: <key id>.key, the private key "
				+ "(PKCS#8 PEM, readable by its owner only), and <key id>.pub, the public key (PEM) to give to whoever "
				+ "verifies the archive (logtally verify --public-key).",
				"Refuses to overwrite either file. To rotate, make a new key with another key id, point the spec's "
						+ "signing section at it, and keep publishing the old public key: the runs it signed still "
						+ "verify with it." })
final class KeygenCommand implements Callable<Integer> {

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

	@Spec
	CommandSpec command;

	@Option(names = "--out", required = true, paramLabel = "DIR",
			description = "The folder to write the two files to (created if missing).")
	Path out;

	@Option(names = "--key-id", paramLabel = "ID",
			description = "The key's id, which every signature names: 1-64 letters, digits, '.', '-' or '_', "
					+ "starting with a letter or digit. Default: logtally-<today's date, UTC>.")
	@Nullable String keyId;

	private final Clock clock;

	KeygenCommand() {
		this(Map.of(), Clock.systemUTC());
	}

	/** @param environment unused: the commands' constructor, which the tests' clock reaches */
	KeygenCommand(Map<String, String> environment, Clock clock) {
		this.clock = clock;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.command.commandLine().getOut();
		PrintWriter err = this.command.commandLine().getErr();
		String id = this.keyId != null ? this.keyId : "logtally-" + LocalDate.now(this.clock);
		if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
			return invalid(err, "--key-id \"" + id + "\" must be 1-64 letters, digits, '.', '-' or '_', starting with a "
					+ "letter or digit");
		}
		Path folder = this.out.toAbsolutePath().normalize();
		Path privateFile = folder.resolve(id + ".key");
		Path publicFile = folder.resolve(id + PublicKeyFiles.SUFFIX);
		for (Path file : new Path[] { privateFile, publicFile }) {
			if (Files.exists(file)) {
				return invalid(err, file + " exists: keygen never replaces a key (the runs it signed would no longer "
						+ "verify); choose another --key-id, or move the old files away");
			}
		}
		KeyPair pair = generate();
		try {
			Files.createDirectories(folder);
			write(privateFile, Ed25519Pem.encode(pair.getPrivate()), PRIVATE);
			write(publicFile, Ed25519Pem.encode(pair.getPublic()), PUBLIC);
		}
		catch (FileAlreadyExistsException ex) {
			return invalid(err, ex.getFile() + " exists: keygen never replaces a key; choose another --key-id");
		}
		catch (IOException ex) {
			err.println("logtally: cannot write the key pair to " + folder + ": " + ex.getMessage());
			return ExitCode.FAILED.code();
		}
		out.println("private key: " + privateFile + " (keep it secret: only the user that runs the exports reads it)");
		out.println("public key:  " + publicFile + " (publish it to whoever verifies: logtally verify --public-key "
				+ publicFile + " ARCHIVE)");
		out.println("key id:      " + id);
		out.println("In the job spec:");
		out.println("signing:");
		out.println("  key: {file: " + privateFile + "}");
		out.println("  keyId: " + id);
		return ExitCode.OK.code();
	}

	/**
	 * Creates the file with its mode from the start, so the private key is never readable by others, not even for a
	 * moment, then sets the mode again: the umask may have narrowed the public key's.
	 */
	private static void write(Path file, String pem, Set<PosixFilePermission> mode) throws IOException {
		boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
		FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PRIVATE) }
				: new FileAttribute<?>[0];
		Files.createFile(file, attributes);
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
		if (posix) {
			Files.setPosixFilePermissions(file, mode);
		}
	}

	private static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance(Ed25519Pem.ALGORITHM).generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK has no " + Ed25519Pem.ALGORITHM, ex);
		}
	}

	private static int invalid(PrintWriter err, String message) {
		err.println("logtally: " + message);
		return ExitCode.INVALID_INPUT.code();
	}

}
