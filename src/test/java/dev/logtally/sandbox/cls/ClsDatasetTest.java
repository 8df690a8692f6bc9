package dev.logtally.sandbox.cls;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClsDatasetTest {

	private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");

	private static final Instant TO = FROM.plusSeconds(3_600);

	private static final String TOPIC = "c3a1e2f0-0000-4000-8000-00000000da7a";

	private static final String OTHER = "c3a1e2f0-0000-4000-8000-0000000000b2";

	@Test
	void theSameSeedAndCallsGiveTheSameLogsFieldForField() {
		assertThat(dataset(7).logs(TOPIC)).isEqualTo(dataset(7).logs(TOPIC)).hasSize(2_000 + 50 + 10);
		assertThat(dataset(8).logs(TOPIC)).isNotEqualTo(dataset(7).logs(TOPIC));
	}

	@Test
	void aTopicDrawsFromItsOwnStreamSoAddingAnotherChangesNothing() {
		ClsDataset alone = ClsDataset.builder(7).topic(TOPIC, FROM, TO, 500).build();
		ClsDataset withOther = ClsDataset.builder(7)
			.topic(OTHER, FROM, TO, 300)
			.topic(TOPIC, FROM, TO, 500)
			.build();
		assertThat(withOther.logs(TOPIC)).isEqualTo(alone.logs(TOPIC));
		assertThat(withOther.logs(OTHER)).hasSize(300).allMatch((log) -> log.topicId().equals(OTHER));
	}

	@Test
	void logsAreInTimeOrderWithinTheirRangeAndABurstSharesOneMillisecond() {
		ClsDataset dataset = dataset(7);
		List<ClsLog> logs = dataset.logs(TOPIC);
		assertThat(logs).extracting(ClsLog::time).isSorted()
			.allMatch((time) -> time >= FROM.toEpochMilli() && time < TO.toEpochMilli());
		Instant burst = FROM.plusMillis(1_234_567);
		assertThat(dataset.logs(TOPIC, burst, burst.plusMillis(1))).hasSizeGreaterThanOrEqualTo(50);
	}

	@Test
	void identicalCopiesAreExactCopiesOfDistinctLogs() {
		List<ClsLog> logs = dataset(7).logs(TOPIC);
		assertThat(new HashSet<>(logs)).hasSize(logs.size() - 10);
		for (int i = 1; i < logs.size(); i++) {
			if (logs.subList(0, i).contains(logs.get(i))) {
				assertThat(logs.get(i - 1)).as("a copy is stored next to its original").isEqualTo(logs.get(i));
			}
		}
	}

	@Test
	void someLogsHaveNoPackageIdsAndOnlyTheirContentTellsThemApart() {
		List<ClsLog> logs = List.copyOf(new HashSet<>(dataset(7).logs(TOPIC)));
		long withoutIds = logs.stream().filter((log) -> log.pkgId().isEmpty()).count();
		assertThat(withoutIds).isBetween(logs.size() / 20L, logs.size() / 5L);
		assertThat(logs).filteredOn((log) -> log.pkgId().isEmpty()).allMatch((log) -> log.pkgLogId().isEmpty());
		Set<String> ids = new HashSet<>();
		Set<String> contents = new HashSet<>();
		for (ClsLog log : logs) {
			if (!log.pkgId().isEmpty()) {
				assertThat(ids.add(log.pkgId() + "/" + log.pkgLogId())).as("package ids of %s", log).isTrue();
				assertThat(Long.parseLong(log.pkgLogId())).isGreaterThanOrEqualTo(65_536);
			}
			assertThat(contents.add(log.time() + log.logJson())).as("content of %s", log).isTrue();
		}
	}

	@Test
	void logJsonIsTheFieldsAsOneJsonObjectAndHostileValuesRoundTrip() {
		List<ClsLog> logs = dataset(7).logs(TOPIC);
		JsonMapper json = JsonMapper.builder().build();
		for (ClsLog log : logs) {
			Map<String, String> parsed = json.readValue(log.logJson(), new TypeReference<>() {
			});
			assertThat(new TreeMap<>(parsed)).isEqualTo(log.fields());
		}
		assertThat(logs).extracting((log) -> log.fields().get("content"))
			.anyMatch((content) -> content.contains("\r\n"))
			.anyMatch((content) -> content.startsWith("="))
			.anyMatch((content) -> content.contains("🚀"));
		assertThat(logs).flatExtracting((log) -> List.copyOf(log.fields().keySet()))
			.contains("city,country", "用户名");
		assertThat(ClsDataset.builder(7).hostile(false).topic(TOPIC, FROM, TO, 2_000).build().logs(TOPIC))
			.allMatch((log) -> log.fields().keySet().stream().allMatch((key) -> key.matches("[a-z_]+")))
			.noneMatch((log) -> log.fields().get("content").contains("\n"));
	}

	@Test
	void lateLogsAreHeldWithTheRestAndTopicNamesDefaultFromTheId() {
		ClsDataset dataset = ClsDataset.builder(7)
			.topic(TOPIC, FROM, TO, 100)
			.late(TOPIC, FROM, FROM.plusSeconds(60), 5, 3)
			.topicName(OTHER, "SCF_logtopic_QExYJrDj")
			.topic(OTHER, FROM, TO, 1)
			.build();
		assertThat(dataset.size(TOPIC)).isEqualTo(105);
		assertThat(dataset.logs(TOPIC).get(0).topicName()).isEqualTo("logtally-c3a1e2f0");
		assertThat(dataset.logs(OTHER).get(0).topicName()).isEqualTo("SCF_logtopic_QExYJrDj");
	}

	@Test
	void refusesWhatItCannotGenerate() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClsDataset.builder(1).topic(TOPIC, TO, FROM, 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClsDataset.builder(1).topic(TOPIC, FROM, TO, 3).identical(TOPIC, 4).build());
		assertThatIllegalArgumentException().isThrownBy(() -> dataset(1).logs("no-such-topic"));
	}

	private static ClsDataset dataset(long seed) {
		return ClsDataset.builder(seed)
			.topic(TOPIC, FROM, TO, 2_000)
			.burst(TOPIC, FROM.plusMillis(1_234_567), 50)
			.identical(TOPIC, 10)
			.build();
	}

	@Test
	void aFunctionsLogsCarrySCFsFieldsAndItsPlatformLinesAndShareTheTopicWithOthers() {
		ClsDataset dataset = ClsDataset.builder(27)
			.function(TOPIC, "default", "order-api", FROM, TO, 50)
			.function(TOPIC, "default", "payment-worker", FROM, TO, 30)
			.build();
		List<ClsLog> logs = dataset.logs(TOPIC);
		List<ClsLog> orders = logs.stream()
			.filter((log) -> "order-api".equals(log.fields().get("SCF_FunctionName")))
			.toList();

		assertThat(orders).hasSizeBetween(50 * 3, 50 * 6);
		assertThat(logs.size() - orders.size()).isBetween(30 * 3, 30 * 6);
		assertThat(orders).allSatisfy((log) -> {
			assertThat(log.time()).isBetween(FROM.toEpochMilli(), TO.toEpochMilli() - 1);
			assertThat(log.fields()).containsKeys("SCF_FunctionName", "SCF_Namespace", "SCF_LogTime",
					"SCF_RequestId", "SCF_Alias", "SCF_Qualifier", "SCF_Message", "SCF_Type", "SCF_RetryNum");
		});
		assertThat(orders).filteredOn((log) -> log.fields().size() == 14).isNotEmpty();
		assertThat(orders).filteredOn((log) -> log.fields().size() == 9)
			.isNotEmpty()
			.allSatisfy((log) -> assertThat(log.fields()).containsEntry("SCF_Type", "Custom"));
		assertThat(orders).extracting((log) -> log.fields().get("SCF_Message"))
			.anyMatch((message) -> message.startsWith("START RequestId:"))
			.anyMatch((message) -> message.startsWith("END RequestId:"))
			.anyMatch((message) -> message.startsWith("Report RequestId:") && message.contains(" Duration:"));
		assertThat(orders).extracting((log) -> log.fields().get("SCF_Qualifier")).contains("$LATEST", "2");
		assertThat(Set.copyOf(logs)).as("no two lines alike").hasSize(logs.size());
	}

}
