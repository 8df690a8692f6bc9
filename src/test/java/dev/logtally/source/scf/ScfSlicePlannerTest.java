package dev.logtally.source.scf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongBiFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScfSlicePlannerTest {

	private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");

	@Test
	void keepsAWindowWholeWhenTheCapReachesEveryLog() {
		List<Slice> plan = new ScfSlicePlanner(uniform(10_000)).plan(DAY, DAY.plusSeconds(86_400));

		assertThat(plan).containsExactly(new Slice(DAY, DAY.plusSeconds(86_400), 10_000));
	}

	@Test
	void halvesAWindowUntilEverySliceFitsUnderTheCap() {
		List<Slice> plan = new ScfSlicePlanner(uniform(25_000)).plan(DAY, DAY.plusSeconds(86_400));

		assertThat(plan).allSatisfy((slice) -> assertThat(slice.plannedCount()).isLessThanOrEqualTo(10_000));
		assertThat(plan.stream().mapToLong(Slice::plannedCount).sum()).isEqualTo(25_000);
		assertContiguous(plan, DAY, DAY.plusSeconds(86_400));
	}

	@Test
	void plansAnIndivisibleSecondAsItIsWhenItHoldsMoreThanTheCap() {
		Instant burst = DAY.plusSeconds(3_600);
		ToLongBiFunction<Instant, Instant> counter = (from, to) -> !burst.isBefore(from) && burst.isBefore(to) ? 10_050
				: 0;

		List<Slice> plan = new ScfSlicePlanner(counter).plan(DAY, DAY.plusSeconds(86_400));

		assertThat(plan).contains(new Slice(burst, burst.plusSeconds(1), 10_050));
		assertContiguous(plan, DAY, DAY.plusSeconds(86_400));
	}

	private static ToLongBiFunction<Instant, Instant> uniform(long perDay) {
		return (from, to) -> perDay * (to.getEpochSecond() - from.getEpochSecond()) / 86_400;
	}

	private static void assertContiguous(List<Slice> plan, Instant from, Instant to) {
		List<Instant> edges = new ArrayList<>();
		Instant cursor = from;
		for (Slice slice : plan) {
			assertThat(slice.from()).isEqualTo(cursor);
			edges.add(slice.to());
			cursor = slice.to();
		}
		assertThat(cursor).isEqualTo(to);
		assertThat(Slice.decode(Slice.encode(plan))).isEqualTo(plan);
	}

}
