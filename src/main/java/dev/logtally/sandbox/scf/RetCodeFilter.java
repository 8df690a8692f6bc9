package dev.logtally.sandbox.scf;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongPredicate;

/** The values {@code Filter.RetCode} accepts, by wire name. */
enum RetCodeFilter {

	IS_0("is0", (code) -> code == 0),

	NOT_0("not0", (code) -> code != 0),

	TIME_LIMIT_EXCEEDED("TimeLimitExceeded", (code) -> code == 433),

	RESOURCE_LIMIT_EXCEEDED("ResourceLimitExceeded", (code) -> code == 434),

	USER_CODE_EXCEPTION("UserCodeException", (code) -> code == 1);

	private final String wireName;

	private final LongPredicate matches;

	RetCodeFilter(String wireName, LongPredicate matches) {
		this.wireName = wireName;
		this.matches = matches;
	}

	boolean matches(long retCode) {
		return this.matches.test(retCode);
	}

	static Optional<RetCodeFilter> ofWireName(String wireName) {
		return Arrays.stream(values()).filter((filter) -> filter.wireName.equals(wireName)).findFirst();
	}

}
