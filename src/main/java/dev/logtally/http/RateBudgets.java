package dev.logtally.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link RateBudget} per account key for the whole process: partitions of different sources that share an account
 * share its budget. The first rate registered for a key wins; a lower rate registered later for the same key lowers it.
 */
public final class RateBudgets {

	private final ConcurrentMap<String, RateBudget> budgets = new ConcurrentHashMap<>();

	/**
	 * @param accountKey identifies the account (never logged; callers pass the access key id, which is not secret)
	 * @param requestsPerSecond the documented or configured limit
	 */
	public RateBudget forAccount(String accountKey, double requestsPerSecond) {
		return this.budgets.compute(accountKey, (key, existing) -> (existing == null
				|| existing.requestsPerSecond() > requestsPerSecond) ? new RateBudget(requestsPerSecond) : existing);
	}

}
