package dev.logtally.source.cls;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.logtally.http.SourceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TopicQuerySlotsTest {

	@Test
	void theDocumentedLimitIs15QueriesPerTopic() {
		assertThat(TopicQuerySlots.PER_TOPIC).isEqualTo(15);
	}

	@Test
	void aTopicWhosePlacesAreAllTakenDoesNotHoldUpQueriesOfAnotherTopic() throws Exception {
		TopicQuerySlots slots = new TopicQuerySlots(1);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<String> busy = CompletableFuture.supplyAsync(() -> slots.hold("topic-a", "a", () -> {
			entered.countDown();
			await(finish);
			return "a";
		}));
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

		String other = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> slots.hold("topic-b", "b", () -> "b"));

		assertThat(other).isEqualTo("b");
		finish.countDown();
		assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("a");
	}

	@Test
	void aQueryWaitsForAPlaceOfItsTopicAndGetsTheOneAFinishedQueryLeft() throws Exception {
		TopicQuerySlots slots = new TopicQuerySlots(1);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		AtomicBoolean firstDone = new AtomicBoolean();
		CompletableFuture.runAsync(() -> slots.hold("topic", "first", () -> {
			entered.countDown();
			await(finish);
			firstDone.set(true);
			return "first";
		}));
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> slots.hold("topic", "second",
				() -> firstDone.get() ? "second, after the first" : "second, alongside the first"));

		finish.countDown();

		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second, after the first");
	}

	@Test
	void aQueryThatFailsGivesItsPlaceBack() {
		TopicQuerySlots slots = new TopicQuerySlots(1);
		assertThatThrownBy(() -> slots.hold("topic", "failing", () -> {
			throw new SourceException(SourceException.Kind.SERVER, "failing: InternalError");
		})).isInstanceOf(SourceException.class);

		assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> slots.hold("topic", "next", () -> "next")))
			.isEqualTo("next");
	}

	@Test
	void waitingForAPlaceEndsWhenTheRunIsStoppingNamingWhatWasAsked() {
		TopicQuerySlots slots = new TopicQuerySlots(1);
		Thread.currentThread().interrupt();
		try {
			assertThatThrownBy(() -> slots.hold("topic", "source cls-test, topic t, range [0, 1)", () -> "never"))
				.isInstanceOfSatisfying(SourceException.class,
						(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.INTERRUPTED))
				.hasMessage("source cls-test, topic t, range [0, 1): interrupted");
			assertThat(Thread.currentThread().isInterrupted()).as("the stop stays visible to the caller").isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
