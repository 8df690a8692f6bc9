package dev.logtally.sandbox.legacy;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The nonces each SecretId has used while a request carrying them could still be accepted. An entry lives until its
 * request's Timestamp leaves the accepted clock skew: after that the same request is refused as stale anyway, so
 * memory stays bounded by the request rate times the window.
 */
final class RecentNonces {

	private record Used(String secretId, long nonce) {
	}

	private record Expiry(Used used, long atSecond) {
	}

	private final Map<Used, Long> expiries = new HashMap<>();

	private final PriorityQueue<Expiry> byExpiry = new PriorityQueue<>(Comparator.comparingLong(Expiry::atSecond));

	/**
	 * Records a nonce unless the SecretId used it within the window.
	 * @param expiresAtSecond the last second (of the clock) at which the nonce still counts as used
	 * @param nowSecond the clock's current second
	 * @return {@code false} if the nonce is still in use, which makes the request a replay
	 */
	synchronized boolean claim(String secretId, long nonce, long expiresAtSecond, long nowSecond) {
		while (!this.byExpiry.isEmpty() && this.byExpiry.peek().atSecond() < nowSecond) {
			Expiry expired = this.byExpiry.poll();
			// a nonce claimed again later has a newer expiry, which this stale entry must not remove
			this.expiries.remove(expired.used(), expired.atSecond());
		}
		Used used = new Used(secretId, nonce);
		Long until = this.expiries.get(used);
		if (until != null && until >= nowSecond) {
			return false;
		}
		this.expiries.put(used, expiresAtSecond);
		this.byExpiry.add(new Expiry(used, expiresAtSecond));
		return true;
	}

}
