package dev.logtally.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowPlannerTest {

	private static final ZoneId BEIJING = ZoneId.of("+08:00");

	@Test
	void cutsARangeIntoDaysAlignedOnTheZonesMidnight() {
		List<Window> windows = WindowPlanner.plan(TimeArgument.parse("--from", "2026-11-01", BEIJING),
				TimeArgument.parse("--to", "2026-11-04", BEIJING), Duration.ofDays(1), BEIJING);

		assertThat(windows).extracting(Window::stem)
			.containsExactly("20261031T160000Z_20261101T160000Z", "20261101T160000Z_20261102T160000Z",
					"20261102T160000Z_20261103T160000Z");
	}

	@Test
	void keepsTheGridWhenTheRangeDoesNotStartOnIt() {
		List<Window> windows = WindowPlanner.plan(Instant.parse("2026-11-01T01:30:00Z"),
				Instant.parse("2026-11-01T04:00:00Z"), Duration.ofHours(1), ZoneId.of("UTC"));

		assertThat(windows).containsExactly(
				new Window(Instant.parse("2026-11-01T01:30:00Z"), Instant.parse("2026-11-01T02:00:00Z")),
				new Window(Instant.parse("2026-11-01T02:00:00Z"), Instant.parse("2026-11-01T03:00:00Z")),
				new Window(Instant.parse("2026-11-01T03:00:00Z"), Instant.parse("2026-11-01T04:00:00Z")));
	}

	@Test
	void putsWindowsOfSeveralDaysOnAGridOfDaysCountedFromTheEpoch() {
		List<Window> windows = WindowPlanner.plan(TimeArgument.parse("--from", "2026-11-01", BEIJING),
				TimeArgument.parse("--to", "2026-12-31", BEIJING), Duration.ofDays(30), BEIJING);

		// 2026-11-01 is day 20,758 since 1970-01-01; the 30-day grid passes through day 20,760 (2026-11-03).
		assertThat(windows.get(0).end()).isEqualTo(TimeArgument.parse("--to", "2026-11-03", BEIJING));
		assertThat(windows.get(1).length()).isEqualTo(Duration.ofDays(30));
		assertThat(windows.get(windows.size() - 1).end()).isEqualTo(TimeArgument.parse("--to", "2026-12-31", BEIJING));
	}

	@Test
	void restartsTheGridAtMidnightOnADaylightSavingDay() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		// 2026-10-25 has 25 hours in Berlin.
		List<Window> windows = WindowPlanner.plan(TimeArgument.parse("--from", "2026-10-25", berlin),
				TimeArgument.parse("--to", "2026-10-26", berlin), Duration.ofHours(12), berlin);

		assertThat(windows).hasSize(3);
		assertThat(windows.get(2).length()).isEqualTo(Duration.ofHours(1));
		assertThat(windows.get(2).end()).isEqualTo(TimeArgument.parse("--to", "2026-10-26", berlin));
	}

	@Test
	void readsDatesInTheJobsZoneAndOffsetsAsGiven() {
		assertThat(TimeArgument.parse("--from", "2026-11-21", BEIJING)).isEqualTo(Instant.parse("2026-11-20T16:00:00Z"));
		assertThat(TimeArgument.parse("--from", "2026-11-21T06:00", BEIJING))
			.isEqualTo(Instant.parse("2026-11-20T22:00:00Z"));
		assertThat(TimeArgument.parse("--from", "2026-11-21T06:00:00Z", BEIJING))
			.isEqualTo(Instant.parse("2026-11-21T06:00:00Z"));
		assertThat(TimeArgument.parse("--from", "2026-11-21T06:00:00-05:00", BEIJING))
			.isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
	}

	@Test
	void refusesATimeThatIsNotIso8601NamingTheOption() {
		assertThatThrownBy(() -> TimeArgument.parse("--to", "21/11/2026", BEIJING))
			.hasMessageStartingWith("--to \"21/11/2026\" is not an ISO-8601 date or date-time");
		assertThatThrownBy(() -> TimeArgument.parse("--to", "2026-02-30", BEIJING))
			.hasMessageStartingWith("--to \"2026-02-30\" is not");
	}

	@Test
	void theCommonGridPointOfSeveralLengthsIsWhereEachEndsAWholeWindow() {
		Instant night = Instant.parse("2026-11-04T19:30:00Z"); // 03:30 on 5 November in Beijing

		assertThat(WindowPlanner.commonGridPointAtOrBefore(night, List.of(Duration.ofHours(1)), BEIJING))
			.isEqualTo(Instant.parse("2026-11-04T19:00:00Z"));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(night, List.of(Duration.ofHours(1), Duration.ofDays(1)),
				BEIJING))
			.isEqualTo(Instant.parse("2026-11-04T16:00:00Z"));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(Instant.parse("2026-11-04T16:00:00Z"),
				List.of(Duration.ofHours(6), Duration.ofDays(1)), BEIJING))
			.as("a grid point of every length stays where it is")
			.isEqualTo(Instant.parse("2026-11-04T16:00:00Z"));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(night, List.of(Duration.ofDays(7)), BEIJING))
			.as("week-long windows count from 1970-01-01")
			.isEqualTo(LocalDate.ofEpochDay(Math.floorDiv(LocalDate.parse("2026-11-05").toEpochDay(), 7) * 7)
				.atStartOfDay(BEIJING)
				.toInstant());
	}

}
