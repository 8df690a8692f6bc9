package dev.logtally.source;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateRecordFilterTest {

	@Test
	void dropsARecordDeliveredTwiceInItsSecondAndCountsIt() {
		DuplicateRecordFilter filter = new DuplicateRecordFilter();

		assertThat(filter.process(record("a", 10))).isNotNull();
		assertThat(filter.process(record("b", 10))).isNotNull();
		assertThat(filter.process(record("a", 10))).isNull();
		assertThat(filter.duplicates()).isEqualTo(1);
	}

	@Test
	void keepsTheSameKeyInADifferentSecond() {
		DuplicateRecordFilter filter = new DuplicateRecordFilter();

		filter.process(record("a", 10));

		assertThat(filter.process(record("a", 11))).isNotNull();
	}

	@Test
	void remembersTheCurrentSecondAcrossARestart() {
		DuplicateRecordFilter before = new DuplicateRecordFilter();
		before.process(record("a", 10));
		ExecutionContext committed = new ExecutionContext();
		before.update(committed);

		DuplicateRecordFilter after = new DuplicateRecordFilter();
		after.open(committed);

		assertThat(after.process(record("a", 10))).isNull();
		assertThat(after.duplicates()).isEqualTo(1);
	}

	private static ExportRecord record(String key, long second) {
		return new ExportRecord(key, second, Map.of("key", key));
	}

}
