package dev.logtally.source.sls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlsColumnsTest {

	/** How {@code __time__} was always written: archives must not change form between versions. */
	private static final DateTimeFormatter ISO_NANOS = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final SlsColumns columns = new SlsColumns();

	@Test
	void writesTimesWithNineFractionDigitsAsTheIsoFormatterDoes() {
		long[] nanos = { 0, 1, 999_999_999, 1_000_000_000, 1_761_926_400_000_000_123L, 1_761_926_400_999_999_999L,
				1_761_926_401_000_000_000L, 1_761_926_400_000_000_124L, -1, -1_000_000_000, -999_999_999,
				Long.MAX_VALUE, Long.MIN_VALUE };
		for (long time : nanos) {
			assertThat(this.columns.time(time)).as("%d", time).isEqualTo(iso(time));
		}
		SplittableRandom random = new SplittableRandom(7);
		long time = 1_761_926_400_000_000_000L;
		for (int i = 0; i < 10_000; i++) {
			// mostly within the same second, now and then to the next, sometimes back
			time += random.nextInt(10) == 0 ? -random.nextLong(2_000_000_000L) : random.nextLong(300_000_000L);
			assertThat(this.columns.time(time)).isEqualTo(iso(time));
		}
	}

	@Test
	void theRecordsTimeColumnIsTheLogsTime() {
		QueriedLog log = new QueriedLog(1_761_926_400_000_000_123L, "10.0.0.1", "web", new TreeMap<>());

		assertThat(this.columns.toRecord(log, "k").fields().get(SlsColumns.TIME))
			.isEqualTo("2025-10-31T16:00:00.000000123Z");
	}

	private static String iso(long epochNanos) {
		return ISO_NANOS.format(Instant.ofEpochSecond(0, epochNanos));
	}

}
