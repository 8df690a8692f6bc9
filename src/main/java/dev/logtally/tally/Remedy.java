package dev.logtally.tally;

import java.util.Collection;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What an operator does after a failure: run the same command again (it resumes), free space first, or fix something
 * first. A failure whose remedy is not to resume ends with its own advice, written by {@link #after}, and that is how
 * the run's last line tells the causes apart from the windows' failures: the words are written and read here only.
 */
public enum Remedy {

	/** A fault that may go away by itself (the network, the source's servers): the same command resumes the run. */
	RESUME("run the same command again to resume it"),
	/** A full disk: nothing resumes until space is freed; then the same command resumes the run. */
	FREE_SPACE("free space and run again"),
	/** A fault that stays until someone fixes it (permissions, a read-only disk, an unknown target). */
	FIX("fix what the lines above say and run the same command again");

	private static final String FIX_SUFFIX = ", then run the same command again";

	private final String advice;

	Remedy(String advice) {
		this.advice = advice;
	}

	/** The advice as the run's last line ends with it. */
	public String advice() {
		return this.advice;
	}

	/**
	 * The remedy's words after a failure's own: {@code fix} ("choose another folder") and then running again, or
	 * "free space and run again" for a full disk.
	 */
	public String after(String fix) {
		return switch (this) {
			case RESUME -> this.advice;
			case FREE_SPACE -> FREE_SPACE.advice;
			case FIX -> fix + FIX_SUFFIX;
		};
	}

	/** The remedy of a failure described by {@code failure}, a line that {@link #after} ended, or else resuming. */
	public static Remedy of(@Nullable String failure) {
		if (failure == null) {
			return RESUME;
		}
		if (failure.endsWith("; " + FREE_SPACE.advice)) {
			return FREE_SPACE;
		}
		return failure.endsWith(FIX_SUFFIX) ? FIX : RESUME;
	}

	/**
	 * The remedy for a run with these failures: fixing wins, as the lines above say what to fix and what to free;
	 * freeing space wins over resuming, which would only fail again.
	 */
	public static Remedy forAll(Collection<@Nullable String> failures) {
		Remedy remedy = RESUME;
		for (String failure : failures.stream().filter(Objects::nonNull).toList()) {
			Remedy own = of(failure);
			if (own.ordinal() > remedy.ordinal()) {
				remedy = own;
			}
		}
		return remedy;
	}

}
