package dev.logtally.source.cls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import dev.logtally.http.SourceException;

/**
 * The places for queries in flight on each topic: CLS runs at most {@value #PER_TOPIC} searches and analyses of one
 * topic at once and refuses more with {@code LimitExceeded.LogSearch}, whatever the rate. A run's windows all draw
 * from one instance per source, so that {@code concurrency} above the limit makes workers wait here, in the client,
 * instead of being refused and backing off.
 *
 * <p>A place is held for one HTTP exchange, not across retries and their back-off. Waiting for one is interruptible:
 * an interrupted worker ends as for any interrupted request ({@code INTERRUPTED}), not stuck behind other windows.
 */
final class TopicQuerySlots {

	/** The documented limit of concurrent queries (searches and analyses together) per topic. */
	static final int PER_TOPIC = 15;

	private final Map<String, Semaphore> topics = new ConcurrentHashMap<>();

	private final int perTopic;

	TopicQuerySlots() {
		this(PER_TOPIC);
	}

	TopicQuerySlots(int perTopic) {
		this.perTopic = perTopic;
	}

	/**
	 * Runs {@code query} holding one of {@code topic}'s places, waiting for one if all are taken.
	 * @param context what is asked, for the message when the wait is interrupted
	 * @throws SourceException INTERRUPTED when the run stops while the query waits
	 */
	<T> T hold(String topic, String context, Supplier<T> query) {
		Semaphore places = this.topics.computeIfAbsent(topic, (id) -> new Semaphore(this.perTopic, true));
		try {
			places.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SourceException(SourceException.Kind.INTERRUPTED, context + ": interrupted", ex);
		}
		try {
			return query.get();
		}
		finally {
			places.release();
		}
	}

}
