package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Reads of one store, at most {@code parallelism} at a time, on a fixed pool of that many threads: what bounds the
 * objects open at once (and so memory: each read streams its object through a fixed buffer) and the connections a
 * remote store is asked for.
 *
 * <p>At most {@code 2 x parallelism} reads are submitted and unfinished: a caller that submits faster than the pool
 * reads waits, so a read it needs next (a manifest) never queues behind thousands of others.
 *
 * <p>A read can also make something of the bytes it read ({@link #read(String, BiFunction)}): a manifest is parsed
 * on the pool, beside the other reads, and only what it parsed to is kept, not its bytes.
 *
 * <p>A read that fails other than with what it reports (the store cannot be reached, its credentials expired) stops
 * the rest: the next {@link #submit} throws that failure rather than start more reads that would fail alike.
 */
final class BoundedReads implements AutoCloseable {

	private final ArchiveStore store;

	private final ExecutorService pool;

	private final Semaphore slots;

	private final int parallelism;

	private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

	BoundedReads(ArchiveStore store, int parallelism) {
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
		}
		this.store = store;
		this.parallelism = parallelism;
		this.slots = new Semaphore(2 * parallelism);
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(parallelism, (task) -> {
			Thread thread = new Thread(task, "logtally-verify-read-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Runs {@code read} on the pool, waiting first while {@code 2 x parallelism} reads are unfinished. */
	<T> Future<T> submit(Callable<T> read) {
		this.slots.acquireUninterruptibly();
		RuntimeException failed = this.failure.get();
		if (failed != null) {
			this.slots.release();
			throw failed;
		}
		try {
			return this.pool.submit(() -> {
				try {
					return read.call();
				}
				catch (RuntimeException ex) {
					this.failure.compareAndSet(null, ex);
					throw ex;
				}
				finally {
					this.slots.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.slots.release();
			throw ex;
		}
	}

	/** The whole object at {@code key} (a manifest), read on the pool. */
	byte[] read(String key) {
		return result(read(key, (name, bytes) -> bytes));
	}

	/**
	 * Reads the whole object at {@code key} on the pool and turns it there into what the caller needs.
	 * @param then what to make of the object's key and bytes; what it throws stops the reads, as a failed read does,
	 *     so it returns what it finds wrong rather than throw it
	 */
	<T> Future<T> read(String key, BiFunction<String, byte[], T> then) {
		return submit(() -> then.apply(key, readAll(key)));
	}

	/**
	 * The objects at {@code keys}, to be taken in that order, each read up to {@code parallelism} keys before it is
	 * taken: a remote store's latency is paid once per {@code parallelism} manifests, not once per manifest.
	 */
	Ahead<byte[]> ahead(List<String> keys) {
		return ahead(keys, (name, bytes) -> bytes);
	}

	/**
	 * As {@link #ahead(List)}, each object turned on the pool into what {@code then} makes of it: what is held
	 * between a read and its turn is that, not the object's bytes.
	 */
	<T> Ahead<T> ahead(List<String> keys, BiFunction<String, byte[], T> then) {
		return new Ahead<>(keys, then);
	}

	/**
	 * What a read returned, or what it threw, as it threw it: a store's failure stays the store's typed failure.
	 */
	static <T> T result(Future<T> read) {
		try {
			return read.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while reading the archive", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private byte[] readAll(String key) {
		try (InputStream in = this.store.open(key)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.store.describe(key) + ": " + ex.getMessage(), ex);
		}
	}

	/** Stops every read still queued or running: after a failure, nothing more is read. */
	@Override
	public void close() {
		this.pool.shutdownNow();
	}

	/** Objects read ahead of their turn, at most {@code parallelism} of them held at once. */
	final class Ahead<T> {

		private final List<String> keys;

		private final BiFunction<String, byte[], T> then;

		private final Deque<Future<T>> reading = new ArrayDeque<>();

		private int submitted;

		private int taken;

		private Ahead(List<String> keys, BiFunction<String, byte[], T> then) {
			this.keys = List.copyOf(keys);
			this.then = then;
		}

		/**
		 * What was made of the object at {@code key}, which must be the next of the keys given; any other key is read
		 * now, out of turn.
		 */
		T take(String key) {
			if (this.taken >= this.keys.size() || !this.keys.get(this.taken).equals(key)) {
				return result(read(key, this.then));
			}
			while (this.submitted < this.keys.size() && this.submitted - this.taken < BoundedReads.this.parallelism) {
				this.reading.add(read(this.keys.get(this.submitted++), this.then));
			}
			this.taken++;
			return result(this.reading.removeFirst());
		}

	}

}
