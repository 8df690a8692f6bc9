package dev.logtally.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateBudget} per account key for the whole process: partitions of different sources that share an account
 * share its budget.
 *
 * <p>Invariant: a key maps to one budget for the process's lifetime, so every client of an account draws from the
 * same bucket. The rate of each account is therefore fixed up front: the lowest rate any source of that account asks
 * for.
 */
public final class RateBudgets {

	private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();

	/**
	 * @param ratesByAccount requests per second by account key (an access key id: it identifies, it is not secret)
	 */
	public RateBudgets(Map<String, Double> ratesByAccount) {
		ratesByAccount.forEach((account, rate) -> this.budgets.put(account, new RateBudget(rate)));
	}

	/** @throws IllegalArgumentException for an account that was not declared */
	public RateBudget forAccount(String accountKey) {
		RateBudget budget = this.budgets.get(accountKey);
		if (budget == null) {
			throw new IllegalArgumentException("no rate budget declared for this account");
		}
		return budget;
	}

}
