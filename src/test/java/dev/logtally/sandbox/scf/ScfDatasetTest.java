package dev.logtally.sandbox.scf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import dev.logtally.sandbox.HostileText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScfDatasetTest {

	private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

	private static final int ONE_MB = 1_048_576;

	@Test
	void sameSeedAndCallsGiveTheSameLogsFieldForField() {
		assertThat(sample(42).logs("default", "orders")).isEqualTo(sample(42).logs("default", "orders"));
		assertThat(sample(43).logs("default", "orders")).isNotEqualTo(sample(42).logs("default", "orders"));
	}

	@Test
	void addingAFunctionDoesNotChangeTheLogsOfAnother() {
		ScfDataset alone = ScfDataset.builder(7).function("default", "b", DAY, DAY.plusSeconds(3600), 50).build();
		ScfDataset withNeighbour = ScfDataset.builder(7)
			.function("default", "a", DAY, DAY.plusSeconds(3600), 50)
			.function("default", "b", DAY, DAY.plusSeconds(3600), 50)
			.build();
		assertThat(withNeighbour.logs("default", "b")).isEqualTo(alone.logs("default", "b"));
	}

	@Test
	void spreadsLogsOverTheHalfOpenRangeInStartTimeOrder() {
		Instant to = DAY.plusSeconds(10);
		List<ScfLogEntry> logs = ScfDataset.builder(1).function("ns", "fn", DAY, to, 500).build().logs("ns", "fn");
		assertThat(logs).hasSize(500)
			.allSatisfy((log) -> assertThat(log.startTime()).isBetween(DAY, to.minusSeconds(1)));
		assertThat(logs).extracting(ScfLogEntry::startTime).isSorted();
		assertThat(logs).extracting(ScfLogEntry::startTime).contains(DAY, to.minusSeconds(1));
		assertThat(logs).allSatisfy((log) -> {
			assertThat(log.namespace()).isEqualTo("ns");
			assertThat(log.functionName()).isEqualTo("fn");
			assertThat(log.qualifier()).isEqualTo("$LATEST");
		});
	}

	@Test
	void buildsTwentyFiveThousandLogsAndABurstOfTenThousandFiftyWellUnderASecond() {
		long started = System.nanoTime();
		ScfDataset dataset = ScfDataset.builder(99)
			.function("default", "busy", DAY, DAY.plus(Duration.ofDays(1)), 25_000)
			.burst("default", "busy", DAY.plusSeconds(3600), 10_050)
			.build();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).isLessThan(Duration.ofSeconds(1));
		List<ScfLogEntry> logs = dataset.logs("default", "busy");
		assertThat(logs).hasSize(35_050);
		assertThat(logs.stream().filter((log) -> log.startTime().equals(DAY.plusSeconds(3600)))).hasSizeGreaterThanOrEqualTo(10_050);
		assertThat(logs.stream().map(ScfLogEntry::requestId).distinct()).hasSize(35_050);
	}

	@Test
	void hostileLogsCarryEveryKindOfTroublesomeText() {
		List<ScfLogEntry> logs = ScfDataset.builder(5).function("default", "fn", DAY, DAY.plusSeconds(60), 100).build()
			.logs("default", "fn");
		Set<String> texts = new HashSet<>();
		logs.forEach((log) -> {
			texts.add(log.log());
			texts.add(log.retMsg());
		});
		assertThat(texts).anyMatch((text) -> text.matches("(?s).*\r[^\n].*"))
			.anyMatch((text) -> text.matches("(?s).*[^\r]\n.*"))
			.anyMatch((text) -> text.contains("\r\n"))
			.anyMatch((text) -> text.startsWith("="))
			.anyMatch((text) -> text.startsWith("+"))
			.anyMatch((text) -> text.startsWith("-"))
			.anyMatch((text) -> text.startsWith("@"))
			.anyMatch((text) -> text.contains("🚀🔥"))
			.anyMatch((text) -> text.contains("函数运行日志，错误"))
			.anyMatch((text) -> text.contains("\t"))
			.anyMatch((text) -> text.contains("\\"))
			.anyMatch((text) -> text.contains(","))
			.anyMatch((text) -> text.contains("\""));
		long hostile = logs.stream().filter((log) -> HostileText.SAMPLES.contains(log.log())).count();
		assertThat(hostile).isBetween(25L, 40L);
	}

	@Test
	void withoutHostileContentTextIsPlainSingleLineAscii() {
		List<ScfLogEntry> logs = ScfDataset.builder(5).hostile(false).function("default", "fn", DAY, DAY.plusSeconds(60), 200)
			.build()
			.logs("default", "fn");
		assertThat(logs).allSatisfy((log) -> {
			assertThat(log.log()).matches("[ -~&&[^,\"\\\\]]+");
			assertThat(log.retMsg()).matches("[ -~&&[^,\"\\\\]]+");
		});
	}

	@Test
	void largeFieldsHaveExactlyTheRequestedUtf8SizeAndAreDeterministic() {
		ScfDataset dataset = ScfDataset.builder(11).largeFields(10, ONE_MB).function("default", "fn", DAY, DAY.plusSeconds(60), 30).build();
		List<ScfLogEntry> logs = dataset.logs("default", "fn");
		for (int i = 0; i < logs.size(); i++) {
			int bytes = logs.get(i).log().getBytes(StandardCharsets.UTF_8).length;
			if ((i + 1) % 10 == 0) {
				assertThat(bytes).as("log %d", i).isEqualTo(ONE_MB);
			}
			else {
				assertThat(bytes).as("log %d", i).isLessThan(1000);
			}
		}
		assertThat(logs.get(9).log()).isNotEqualTo(logs.get(19).log()).contains(logs.get(9).requestId());
		assertThat(ScfDataset.builder(11).largeFields(10, ONE_MB).function("default", "fn", DAY, DAY.plusSeconds(60), 30).build()
			.logs("default", "fn")).isEqualTo(logs);
	}

	@Test
	void durationIsExactJsonNumberTextAndBillingRoundsUpToHundredMilliseconds() {
		List<ScfLogEntry> logs = sample(3).logs("default", "orders");
		assertThat(logs).allSatisfy((log) -> {
			assertThat(log.duration()).matches("[0-9]+\\.[0-9]{3}");
			double millis = Double.parseDouble(log.duration());
			assertThat(log.billDuration()).isEqualTo(Math.max(100, (long) Math.ceil(millis / 100) * 100));
			assertThat(log.invokeFinished()).isEqualTo(1);
			assertThat(UUID.fromString(log.requestId()).version()).isEqualTo(4);
		});
	}

	@Test
	void retCodesAreMostlySuccessWithEveryDocumentedFailure() {
		List<ScfLogEntry> logs = ScfDataset.builder(8).function("default", "fn", DAY, DAY.plusSeconds(3600), 2000).build()
			.logs("default", "fn");
		var byCode = logs.stream().collect(Collectors.groupingBy(ScfLogEntry::retCode, Collectors.counting()));
		assertThat(byCode).containsOnlyKeys(0L, 1L, 433L, 434L);
		assertThat(byCode.get(0L)).isGreaterThan(1500L);
		assertThat(logs.stream().filter((log) -> log.retryNum() == 0).count()).isGreaterThan(1800L);
		assertThat(logs.stream().filter((log) -> log.retryNum() > 0)).isNotEmpty();
	}

	@Test
	void duplicatedAndLateLogsAreListedOnceInTheSourceView() {
		ScfDataset dataset = ScfDataset.builder(2)
			.function("default", "fn", DAY, DAY.plusSeconds(60), 40)
			.late("default", "fn", DAY.plusSeconds(30), 5, 3)
			.duplicate("default", "fn", 7)
			.build();
		List<ScfLogEntry> logs = dataset.logs("default", "fn");
		assertThat(logs).hasSize(45);
		assertThat(logs.stream().map(ScfLogEntry::requestId).distinct()).hasSize(45);
		assertThat(logs.stream().filter((log) -> log.startTime().equals(DAY.plusSeconds(30)))).hasSizeGreaterThanOrEqualTo(5);
	}

	@Test
	void qualifierAppliesToTheWholeFunction() {
		ScfDataset dataset = ScfDataset.builder(2).function("prod", "fn", DAY, DAY.plusSeconds(60), 10).qualifier("prod", "fn", "3").build();
		assertThat(dataset.logs("prod", "fn")).extracting(ScfLogEntry::qualifier).containsOnly("3");
	}

	@Test
	void knowsWhichFunctionsItHolds() {
		ScfDataset dataset = sample(1);
		assertThat(dataset.hasFunction("default", "orders")).isTrue();
		assertThat(dataset.hasFunction("other", "orders")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> dataset.logs("default", "missing"));
	}

	@Test
	void refusesImpossibleRequests() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScfDataset.builder(1).function("default", "fn", DAY, DAY.plusSeconds(10), 3).duplicate("default", "fn", 4).build());
		assertThatIllegalArgumentException().isThrownBy(() -> ScfDataset.builder(1).function("default", "fn", DAY, DAY, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> ScfDataset.builder(1).function(" ", "fn", DAY, DAY.plusSeconds(1), 1));
	}

	private static ScfDataset sample(long seed) {
		return ScfDataset.builder(seed)
			.function("default", "orders", DAY, DAY.plusSeconds(7200), 300)
			.burst("default", "orders", DAY.plusSeconds(100), 20)
			.build();
	}

}
