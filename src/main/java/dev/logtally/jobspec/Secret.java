package dev.logtally.jobspec;

import java.util.Objects;

/**
 * A credential value resolved from the environment or a file.
 *
 * <p>Invariant: the value never leaves this object through {@link #toString()}, so a secret that ends up in a log
 * line, an exception message or a job parameter by mistake prints as a mask instead of its value. Only signers call
 * {@link #reveal()}.
 */
public final class Secret {

	private final String value;

	private Secret(String value) {
		this.value = Objects.requireNonNull(value, "value");
	}

	public static Secret of(String value) {
		return new Secret(value);
	}

	/** The secret value itself; for signing only. */
	public String reveal() {
		return this.value;
	}

	@Override
	public String toString() {
		return "******";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Secret secret && secret.value.equals(this.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

}
