package dev.logtally.jobspec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a credential comes from: an environment variable or a file. Job specs hold only these references, never values,
 * so a spec can be committed, shown in reports and hashed into job parameters without leaking anything.
 */
public sealed interface CredentialRef {

	/**
	 * Resolves the reference.
	 * @param environment the process environment (injected so tests need not mutate the real one)
	 * @throws CredentialException naming the variable or file and why it cannot be used; never the value
	 */
	Secret resolve(Map<String, String> environment);

	/** A credential read from an environment variable. */
	record Env(String variable) implements CredentialRef {

		@Override
		public Secret resolve(Map<String, String> environment) {
			String value = environment.get(this.variable);
			if (value == null) {
				throw new CredentialException("environment variable " + this.variable + " is not set");
			}
			if (value.isBlank()) {
				throw new CredentialException("environment variable " + this.variable + " is empty");
			}
			return Secret.of(value.strip());
		}

	}

	/** A credential read from a file (for example a mounted Kubernetes or systemd secret); surrounding whitespace is dropped. */
	record File(Path path) implements CredentialRef {

		@Override
		public Secret resolve(Map<String, String> environment) {
			if (!Files.isRegularFile(this.path)) {
				throw new CredentialException("file " + this.path + " does not exist or is not a regular file");
			}
			try {
				String value = Files.readString(this.path, StandardCharsets.UTF_8).strip();
				if (value.isEmpty()) {
					throw new CredentialException("file " + this.path + " is empty");
				}
				return Secret.of(value);
			}
			catch (IOException ex) {
				throw new CredentialException("file " + this.path + " cannot be read: " + ex.getClass().getSimpleName());
			}
		}

	}

	/** A reference that cannot be resolved. The message names the variable or file, never a value. */
	final class CredentialException extends RuntimeException {

		public CredentialException(String message) {
			super(message);
		}

	}

}
