package dev.logtally.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.WindowItem;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PartitionReaderTest {

	private final List<String> events = new ArrayList<>();

	@Test
	void eachPartitionReadsItsOwnWindowWhileOthersAreOpenOnOtherThreads() throws Exception {
		PartitionReader reader = new PartitionReader((partition) -> new Records(partition.target(), 3, null));
		CyclicBarrier allOpen = new CyclicBarrier(2);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> readAll(reader, "a", allOpen), threads);
			CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> readAll(reader, "b", allOpen), threads);

			assertThat(a.get(10, TimeUnit.SECONDS)).containsExactly("a-0", "a-1", "a-2");
			assertThat(b.get(10, TimeUnit.SECONDS)).containsExactly("b-0", "b-1", "b-2");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void theReaderIsOpenedUpdatedAndClosedWithTheStepsContext() throws Exception {
		PartitionReader reader = new PartitionReader((partition) -> new Records(partition.target(), 1, this.events));
		ExecutionContext context = partition("t");

		reader.open(context);
		reader.read();
		reader.update(context);
		reader.close();

		assertThat(this.events).containsExactly("open t", "update t", "close t");
		assertThat(context.getString("position")).isEqualTo("t-1");
	}

	@Test
	void aPartitionRunAfterAnotherOnTheSameThreadGetsAReaderOfItsOwn() throws Exception {
		PartitionReader reader = new PartitionReader((partition) -> new Records(partition.target(), 1, null));

		reader.open(partition("first"));
		assertThat(((ExportRecord) reader.read()).naturalKey()).isEqualTo("first-0");
		reader.close();
		reader.open(partition("second"));

		assertThat(((ExportRecord) reader.read()).naturalKey()).isEqualTo("second-0");
	}

	@Test
	void aReadOutsideOpenAndCloseIsRefusedNamingTheThread() {
		PartitionReader reader = new PartitionReader((partition) -> new Records(partition.target(), 1, null));

		assertThatExceptionOfType(ItemStreamException.class).isThrownBy(reader::read)
			.withMessageContaining("No partition's reader is open on " + Thread.currentThread().getName());
	}

	@Test
	void aReaderThatFailsToOpenIsNotKeptSoTheThreadCanOpenTheNextPartition() throws Exception {
		PartitionReader reader = new PartitionReader((partition) -> partition.target().equals("broken")
				? new Records("broken", 0, null) {
					@Override
					public void open(ExecutionContext context) {
						throw new ItemStreamException("the source refused the window");
					}
				} : new Records(partition.target(), 1, null));

		assertThatExceptionOfType(ItemStreamException.class).isThrownBy(() -> reader.open(partition("broken")))
			.withMessage("the source refused the window");
		reader.open(partition("next"));

		assertThat(((ExportRecord) reader.read()).naturalKey()).isEqualTo("next-0");
	}

	@Test
	void openingTwiceWithoutClosingIsRefused() {
		PartitionReader reader = new PartitionReader((partition) -> new Records(partition.target(), 1, null));
		reader.open(partition("first"));

		assertThatExceptionOfType(ItemStreamException.class).isThrownBy(() -> reader.open(partition("second")))
			.withMessageContaining("already open");
	}

	private static List<String> readAll(PartitionReader reader, String target, CyclicBarrier allOpen) {
		try {
			reader.open(partition(target));
			// Both partitions are open before either reads: a reader shared between threads would mix them up.
			allOpen.await(10, TimeUnit.SECONDS);
			List<String> keys = new ArrayList<>();
			WindowItem item;
			while ((item = reader.read()) != null) {
				keys.add(((ExportRecord) item).naturalKey());
			}
			reader.close();
			return keys;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ExecutionContext partition(String target) {
		return new WindowPartition("scf", target,
				new Window(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")))
			.toContext();
	}

	/** {@code count} records keyed {@code <target>-<n>}, recording its stream calls. */
	private static class Records implements ItemStreamReader<WindowItem> {

		private final String target;

		private final int count;

		private final @Nullable List<String> events;

		private int next;

		Records(String target, int count, @Nullable List<String> events) {
			this.target = target;
			this.count = count;
			this.events = events;
		}

		@Override
		public @Nullable WindowItem read() {
			if (this.next == this.count) {
				return null;
			}
			return new ExportRecord(this.target + "-" + this.next++, 0, Map.of());
		}

		@Override
		public void open(ExecutionContext context) {
			event("open");
		}

		@Override
		public void update(ExecutionContext context) {
			context.putString("position", this.target + "-" + this.next);
			event("update");
		}

		@Override
		public void close() {
			event("close");
		}

		private void event(String what) {
			if (this.events != null) {
				this.events.add(what + " " + this.target);
			}
		}

	}

}
