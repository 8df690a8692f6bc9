package dev.logtally.sandbox.cls;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Context} cursors of {@code SearchLog}, each valid for an hour of the emulator's clock from when it was
 * issued.
 *
 * <p>A query's first page fixes its order (ties shuffled once) and keeps at most {@link #CAP} logs of it: paging
 * with contexts never repeats or skips a log, and never reaches past the 10,000th. Every page issues a new context
 * for the position after it, and an earlier one stays valid, so a client that resends a page (after a dropped
 * connection) gets the same page again.
 */
final class SearchContexts {

	/** The documented most raw logs one query returns through contexts. */
	static final int CAP = 10_000;

	/** The documented lifetime of a context. */
	static final Duration LIFETIME = Duration.ofHours(1);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

	/**
	 * Where a context continues a query.
	 * @param identity the query's parameters, which the continuation must repeat
	 * @param topic the topic as it stood at the query's first page, which {@code rows} index: logs added later are
	 *     not part of the query
	 * @param rows the query's rows in its order, at most {@link #CAP}; shared by the query's cursors
	 * @param position the first row of the next page
	 * @param issued when the context was issued
	 * @param generation the fault generation it was issued under ({@link ClsFaults#expireContexts()})
	 */
	record Cursor(String identity, StoredTopic topic, int[] rows, int position, Instant issued, long generation) {
	}

	/** @return a new context for {@code cursor} */
	String issue(Cursor cursor, Instant now) {
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		String context = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		this.cursors.put(context, cursor);
		// forget expired cursors, so a long run does not keep every query's rows
		this.cursors.values().removeIf((old) -> !old.issued().plus(LIFETIME).isAfter(now));
		return context;
	}

	/** @return the cursor of a context still valid at {@code now}, or {@code null} */
	Cursor find(String context, Instant now, long generation) {
		Cursor cursor = this.cursors.get(context);
		if (cursor == null || !cursor.issued().plus(LIFETIME).isAfter(now) || cursor.generation() < generation) {
			return null;
		}
		return cursor;
	}

}
