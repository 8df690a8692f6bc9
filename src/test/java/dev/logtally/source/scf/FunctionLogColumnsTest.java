package dev.logtally.source.scf;

import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionLogColumnsTest {

	private final FunctionLogColumns columns = new FunctionLogColumns(ZoneId.of("+08:00"));

	@Test
	void rendersEachLogsOwnStartTimeWhenTimesRepeatAndAlternate() {
		Stream<String> rendered = Stream.of("10:46:45Z", "10:46:45Z", "10:46:46Z", "10:46:45.5Z", "10:46:45Z")
			.map((time) -> this.columns.toRecord(log(Instant.parse("2018-06-11T" + time))).fields().get("StartTime"));

		assertThat(rendered).containsExactly("2018-06-11T18:46:45+08:00", "2018-06-11T18:46:45+08:00",
				"2018-06-11T18:46:46+08:00", "2018-06-11T18:46:45.5+08:00", "2018-06-11T18:46:45+08:00");
	}

	private static FunctionLog log(Instant startTime) {
		return new FunctionLog("fn", "ok", "r-" + startTime, startTime, "0", "1", "1.5", "100", "1024", "line", "",
				"", "0");
	}

}
