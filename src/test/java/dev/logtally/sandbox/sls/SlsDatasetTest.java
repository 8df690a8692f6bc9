package dev.logtally.sandbox.sls;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlsDatasetTest {

	private static final Instant FROM = Instant.parse("2026-11-20T00:00:00.250Z");

	private static final Instant TO = FROM.plus(Duration.ofHours(1));

	private static final Instant BURST = Instant.parse("2026-11-20T00:30:00Z");

	private static SlsDataset.Builder sample(long seed) {
		return SlsDataset.builder(seed)
			.logstore("shop", "access", FROM, TO, 2_000)
			.burst("shop", "access", BURST.plusMillis(400), 500)
			.identical("shop", "access", 7)
			.late("shop", "access", FROM.plusSeconds(10), 3, 4);
	}

	@Test
	void theSameSeedAndCallsGiveTheSameLogsAndAnotherSeedDoesNot() {
		List<SlsLog> first = sample(42).build().logs("shop", "access");
		assertThat(sample(42).build().logs("shop", "access")).isEqualTo(first);
		assertThat(sample(43).build().logs("shop", "access")).isNotEqualTo(first);
	}

	@Test
	void addingALogstoreDoesNotChangeAnother() {
		List<SlsLog> alone = sample(42).build().logs("shop", "access");
		SlsDataset both = SlsDataset.builder(42)
			.logstore("shop", "orders", FROM, TO, 50)
			.logstore("shop", "access", FROM, TO, 2_000)
			.burst("shop", "access", BURST.plusMillis(400), 500)
			.identical("shop", "access", 7)
			.late("shop", "access", FROM.plusSeconds(10), 3, 4)
			.build();
		assertThat(both.logs("shop", "access")).isEqualTo(alone);
	}

	@Test
	void logsAreSortedByTimeAndNanosWithinTheirRangesAndOnlyIdenticalCopiesShareAnInstant() {
		SlsDataset dataset = sample(7).build();
		List<SlsLog> logs = dataset.logs("shop", "access");
		assertThat(logs).hasSize(2_000 + 500 + 7 + 3).hasSize(dataset.size("shop", "access"));
		assertThat(logs).isSortedAccordingTo(Comparator.comparing(SlsLog::instant));
		assertThat(logs).allSatisfy((log) -> assertThat(log.instant()).isBetween(FROM, TO.minusNanos(1)));
		Map<Instant, List<SlsLog>> byInstant = logs.stream().collect(Collectors.groupingBy(SlsLog::instant));
		List<List<SlsLog>> shared = byInstant.values().stream().filter((same) -> same.size() > 1).toList();
		assertThat(shared).hasSize(7).allSatisfy((same) -> assertThat(new HashSet<>(same)).hasSize(1));
		assertThat(logs.stream().filter((log) -> log.time() == BURST.getEpochSecond()).map(SlsLog::nsPart).distinct())
			.hasSizeGreaterThanOrEqualTo(500);
		assertThat(logs.stream().map(SlsLog::nsPart).filter((ns) -> ns % 1_000_000 != 0)).isNotEmpty();
	}

	@Test
	void burstAndLateLogsStayInTheirSecond() {
		SlsDataset dataset = SlsDataset.builder(3)
			.burst("p", "burst", BURST.plusMillis(999), 3_000)
			.late("p", "late", BURST.plusMillis(5), 10, 2)
			.build();
		assertThat(dataset.logs("p", "burst")).hasSize(3_000)
			.allSatisfy((log) -> assertThat(log.time()).isEqualTo(BURST.getEpochSecond()))
			.extracting(SlsLog::nsPart)
			.doesNotHaveDuplicates();
		assertThat(dataset.logs("p", "late")).hasSize(10)
			.allSatisfy((log) -> assertThat(log.time()).isEqualTo(BURST.getEpochSecond()));
	}

	@Test
	void logsHaveDifferingKeySetsSourcesAndTwoOrThreeTopics() {
		List<SlsLog> logs = sample(11).build().logs("shop", "access");
		assertThat(logs).allSatisfy((log) -> assertThat(log.fields()).containsKeys("level", "message")
			.doesNotContainKeys("__time__", "__source__", "__topic__", "__time_ns_part__"));
		assertThat(logs.stream().map((log) -> log.fields().keySet()).distinct().count()).isGreaterThan(10);
		Set<String> keys = logs.stream().flatMap((log) -> log.fields().keySet().stream()).collect(Collectors.toSet());
		assertThat(keys).contains("status", "latency_ms", "user_id", "trace_id", "error_code", "user agent", "用户名",
				"city,country");
		assertThat(logs.stream().map(SlsLog::topic).distinct().count()).isBetween(2L, 3L);
		assertThat(logs.stream().map(SlsLog::source).distinct().count()).isBetween(2L, 4L);
	}

	@Test
	void hostileValuesCoverEveryKindAndCanBeTurnedOff() {
		List<String> values = sample(5).build()
			.logs("shop", "access")
			.stream()
			.flatMap((log) -> log.fields().values().stream())
			.toList();
		Map<String, Function<String, Boolean>> kinds = Map.of("comma", (v) -> v.contains(","), "quote",
				(v) -> v.contains("\""), "lone CR", (v) -> v.matches("(?s).*\r[^\n].*"), "lone LF",
				(v) -> v.matches("(?s).*[^\r]\n.*"), "CRLF", (v) -> v.contains("\r\n"), "formula",
				(v) -> !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0, "emoji", (v) -> v.contains("🚀"), "Chinese",
				(v) -> v.contains("超时"), "tab", (v) -> v.contains("\t"), "backslash", (v) -> v.contains("\\"));
		kinds.forEach((kind, test) -> assertThat(values.stream().filter(test::apply)).as(kind).isNotEmpty());
		List<SlsLog> tame = SlsDataset.builder(5)
			.hostile(false)
			.logstore("shop", "access", FROM, TO, 2_000)
			.build()
			.logs("shop", "access");
		assertThat(tame.stream().flatMap((log) -> log.fields().values().stream()))
			.allSatisfy((value) -> assertThat(value).matches("[A-Za-z0-9_/ ]+"));
	}

	@Test
	void knowsItsProjectsAndLogstoresIncludingUnindexedOnes() {
		SlsDataset dataset = sample(1).unindexed("shop", "raw").build();
		assertThat(dataset.hasProject("shop")).isTrue();
		assertThat(dataset.hasProject("other")).isFalse();
		assertThat(dataset.hasLogstore("shop", "raw")).isTrue();
		assertThat(dataset.logs("shop", "raw")).isEmpty();
		assertThat(dataset.hasLogstore("shop", "nope")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> dataset.logs("shop", "nope"));
	}

	@Test
	void refusesImpossibleRequests() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SlsDataset.builder(1).logstore("p", "l", FROM, FROM.plusNanos(5), 6).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SlsDataset.builder(1).logstore("p", "l", FROM, TO, 3).identical("p", "l", 4).build());
		assertThatIllegalArgumentException().isThrownBy(() -> SlsDataset.builder(1).logstore("p", "l", TO, FROM, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> SlsDataset.builder(1).logstore(" ", "l", FROM, TO, 1));
	}

	@Test
	void threeHundredThousandLogsAndABurstOfThreeThousandBuildWellUnderTwoSeconds() {
		Instant start = Instant.parse("2026-11-20T00:00:00Z");
		// warm-up, so class loading and JIT are not what is measured
		SlsDataset.builder(9).logstore("p", "big", start, start.plus(Duration.ofHours(6)), 30_000).build();
		long began = System.nanoTime();
		SlsDataset dataset = SlsDataset.builder(2026)
			.logstore("p", "big", start, start.plus(Duration.ofHours(6)), 300_000)
			.burst("p", "big", start.plus(Duration.ofHours(3)), 3_000)
			.build();
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		assertThat(dataset.size("p", "big")).isEqualTo(303_000);
		// generous: this guards against an accidental O(n^2) or eager string generation, not against a slow machine
		assertThat(took).isLessThan(Duration.ofSeconds(2));
	}

}
