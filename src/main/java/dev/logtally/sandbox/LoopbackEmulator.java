package dev.logtally.sandbox;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;

/**
 * What every sandbox emulator shares: a {@link LoopbackServer}, the counters tests and benchmarks read, and the hook
 * that process-level tests use to kill a client at a precise point.
 *
 * <p>Invariant: an answer is counted as served just before its last byte is sent, so a client that has read a whole
 * answer always finds it counted, together with the records it carried; the hook runs after the exchange is closed.
 * @param <E> the emulator type, so that fluent calls keep it
 */
public abstract class LoopbackEmulator<E extends LoopbackEmulator<E>> implements AutoCloseable {

	private final LoopbackServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger served = new AtomicInteger();

	private final AtomicLong servedRecords = new AtomicLong();

	private final AtomicInteger throttled = new AtomicInteger();

	private final Clock clock;

	private volatile IntConsumer onServed = (count) -> {
	};

	protected LoopbackEmulator(Builder<?, E, ?, ?> builder, String threadName) {
		this.server = new LoopbackServer(builder.port, threadName);
		this.clock = builder.clock;
	}

	/**
	 * What every emulator's builder sets: the key pairs it accepts, the dataset it serves, its rate limit, the clock it
	 * checks signatures and limits against, and its port. A subclass adds only its own knobs, names the rate limit in
	 * its API's unit (per second, per project and second, per minute), and says how a key pair is held.
	 * @param <B> the builder type, so that fluent calls keep it
	 * @param <E> the emulator it builds
	 * @param <D> the dataset the emulator serves
	 * @param <C> a key pair as the emulator's signature check holds it
	 */
	public abstract static class Builder<B extends Builder<B, E, D, C>, E extends LoopbackEmulator<E>, D, C> {

		private final Map<String, C> credentials = new LinkedHashMap<>();

		private D dataset;

		private int rateLimit;

		private Clock clock = Clock.systemUTC();

		private int port;

		/** @param defaultRateLimit the API's documented limit, in the unit the subclass names; 0 for none */
		protected Builder(int defaultRateLimit) {
			this.rateLimit = defaultRateLimit;
		}

		/** Accepts this permanent key pair, which must be used without a session token. */
		public B credential(String keyId, String secret) {
			return credential(keyId, secret, null);
		}

		/**
		 * Accepts this temporary key pair, which must come with its session token as the API carries it (a header or
		 * a parameter); {@code null} for a permanent key.
		 */
		public B credential(String keyId, String secret, String token) {
			this.credentials.put(keyId, credentialOf(keyId, secret, token));
			return self();
		}

		public B dataset(D dataset) {
			this.dataset = Objects.requireNonNull(dataset, "dataset");
			return self();
		}

		public B clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return self();
		}

		/** The port to bind; 0 (the default) picks a free one. */
		public B port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port out of range: " + port);
			}
			this.port = port;
			return self();
		}

		/**
		 * @return a new emulator, not yet listening
		 * @throws IllegalStateException without a dataset or a credential
		 */
		public final E build() {
			if (this.dataset == null) {
				throw new IllegalStateException("a dataset is required");
			}
			if (this.credentials.isEmpty()) {
				throw new IllegalStateException("at least one credential is required");
			}
			return create();
		}

		/** Builds the emulator and starts it: {@code build().start()}. */
		public final E start() {
			return build().start();
		}

		/** A key pair as the emulator's signature check holds it. */
		protected abstract C credentialOf(String keyId, String secret, String token);

		/** The emulator, once {@link #build} has checked what every emulator needs. */
		protected abstract E create();

		/** Sets the rate limit in the subclass's unit; 0 turns it off. */
		protected final B rateLimit(int limit) {
			if (limit < 0) {
				throw new IllegalArgumentException("limit must not be negative");
			}
			this.rateLimit = limit;
			return self();
		}

		/** The rate limit in the subclass's unit; 0 for none. */
		public final int rateLimit() {
			return this.rateLimit;
		}

		/** The key pairs by key id, in the order they were given. */
		public final Map<String, C> credentials() {
			return Collections.unmodifiableMap(this.credentials);
		}

		public final D dataset() {
			return this.dataset;
		}

		@SuppressWarnings("unchecked")
		protected final B self() {
			return (B) this;
		}

	}

	/** The emulator's clock: signatures' timestamps, rate limits and link expiry are judged by it. */
	protected final Clock clock() {
		return this.clock;
	}

	/** Serves one request, whatever it is; runs on a server thread. */
	protected abstract void handle(HttpExchange exchange);

	/**
	 * Binds {@code 127.0.0.1} and starts serving.
	 * @return this emulator
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public E start() {
		this.server.start(this::handle);
		return self();
	}

	/** {@code http://127.0.0.1:PORT}, without a trailing slash. */
	public URI endpoint() {
		return this.server.endpoint();
	}

	public int port() {
		return this.server.port();
	}

	/** Every request received, whatever became of it. */
	public int requestCount() {
		return this.requests.get();
	}

	/** Successful answers written completely (what counts as one is the emulator's to say). */
	public int servedCount() {
		return this.served.get();
	}

	/**
	 * The records (log entries, listing rows) in the answers {@link #servedCount()} counts: what clients were sent to
	 * read. A benchmark compares it across runs to see how many records a restart asked for again.
	 */
	public long servedRecordCount() {
		return this.servedRecords.get();
	}

	/** Answers refused because the emulated rate limit was exceeded (not those a fault knob asked for). */
	public int throttledCount() {
		return this.throttled.get();
	}

	/**
	 * Called on the serving thread after each successful answer has been written and the exchange closed, with the
	 * running {@link #servedCount()}. Process-level tests use it to kill a client at a precise point.
	 */
	public E onServed(IntConsumer hook) {
		this.onServed = Objects.requireNonNull(hook, "hook");
		return self();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/** @return the running request count, this request included */
	protected final int countRequest() {
		return this.requests.incrementAndGet();
	}

	protected final void countThrottled() {
		this.throttled.incrementAndGet();
	}

	/**
	 * @param records the records the answer carries (0 for one that carries none, such as a histogram)
	 * @return the running served count, this answer included; call just before the answer's last bytes
	 */
	protected final int countServed(int records) {
		this.servedRecords.addAndGet(records);
		return this.served.incrementAndGet();
	}

	/** Takes back a count, and its records, whose answer could not be delivered after all (the client hung up). */
	protected final void uncountServed(int records) {
		this.servedRecords.addAndGet(-records);
		this.served.decrementAndGet();
	}

	/** Runs the {@link #onServed} hook; call after the exchange is closed. */
	protected final void announceServed(int count) {
		this.onServed.accept(count);
	}

	@SuppressWarnings("unchecked")
	private E self() {
		return (E) this;
	}

}
