package dev.logtally.source.scf;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionLogColumnsTest {

	private final FunctionLogColumns columns = new FunctionLogColumns(ZoneId.of("+08:00"));

	@Test
	void rendersEachLogsOwnStartTimeWhenTimesRepeatAndAlternate() {
		Stream<String> rendered = Stream.of("10:46:45Z", "10:46:45Z", "10:46:46Z", "10:46:45.5Z", "10:46:45Z",
				"10:47:00Z", "10:46:59Z")
			.map((time) -> this.columns.toRecord(log(Instant.parse("2018-06-11T" + time))).fields().get("StartTime"));

		assertThat(rendered).containsExactly("2018-06-11T18:46:45+08:00", "2018-06-11T18:46:45+08:00",
				"2018-06-11T18:46:46+08:00", "2018-06-11T18:46:45.5+08:00", "2018-06-11T18:46:45+08:00",
				"2018-06-11T18:47:00+08:00", "2018-06-11T18:46:59+08:00");
	}

	/** Archives must not change form between versions: StartTime is what the ISO formatter writes, in every zone. */
	@ParameterizedTest
	@ValueSource(strings = { "+08:00", "Z", "-03:30", "+05:45", "+08:05:43", "UTC", "Asia/Shanghai",
			"America/New_York", "Europe/London" })
	void rendersStartTimeAsTheIsoFormatterDoes(String zoneId) {
		ZoneId zone = ZoneId.of(zoneId);
		FunctionLogColumns columns = new FunctionLogColumns(zone);
		DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
		SplittableRandom random = new SplittableRandom(11);
		// around a daylight-saving change, in the 1900s (offsets with seconds), far ahead, and before 1970
		long[] starts = { Instant.parse("2026-03-08T06:58:00Z").getEpochSecond(),
				Instant.parse("1900-12-31T15:50:00Z").getEpochSecond(),
				Instant.parse("+12026-01-01T00:00:00Z").getEpochSecond(), -90 };
		for (long start : starts) {
			long second = start;
			for (int i = 0; i < 2_000; i++) {
				second += random.nextInt(8) == 0 ? -random.nextInt(200) : random.nextInt(40);
				Instant time = Instant.ofEpochSecond(second, random.nextInt(20) == 0 ? random.nextInt(1_000_000_000) : 0);
				assertThat(columns.startTime(time)).as("%s in %s", time, zone).isEqualTo(iso.format(time));
			}
		}
	}

	private static FunctionLog log(Instant startTime) {
		return new FunctionLog("fn", "ok", "r-" + startTime, startTime, "0", "1", "1.5", "100", "1024", "line", "",
				"", "0");
	}

}
