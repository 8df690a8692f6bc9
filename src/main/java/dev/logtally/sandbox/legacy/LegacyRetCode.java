package dev.logtally.sandbox.legacy;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongPredicate;

/** The values the legacy {@code filter.retCode} accepts: only failures, or only successes. */
enum LegacyRetCode {

	IS_0("is0", (code) -> code == 0),

	NOT_0("not0", (code) -> code != 0);

	private final String wireName;

	private final LongPredicate matches;

	LegacyRetCode(String wireName, LongPredicate matches) {
		this.wireName = wireName;
		this.matches = matches;
	}

	boolean matches(long retCode) {
		return this.matches.test(retCode);
	}

	static Optional<LegacyRetCode> ofWireName(String wireName) {
		return Arrays.stream(values()).filter((filter) -> filter.wireName.equals(wireName)).findFirst();
	}

}
