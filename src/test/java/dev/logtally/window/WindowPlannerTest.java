package dev.logtally.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowPlannerTest {

	private static final ZoneId BEIJING = ZoneId.of("+08:00");

	@Test
	void cutsARangeIntoDaysAlignedOnTheZonesMidnight() {
		List<Window> windows = WindowPlanner.plan(TimeArgument.parse("--from", "2026-11-01", BEIJING),
				TimeArgument.parse("--to", "2026-11-04", BEIJING), grid(Duration.ofDays(1), BEIJING));

		assertThat(windows).extracting(Window::stem)
			.containsExactly("20261031T160000Z_20261101T160000Z", "20261101T160000Z_20261102T160000Z",
					"20261102T160000Z_20261103T160000Z");
	}

	@Test
	void keepsTheGridWhenTheRangeDoesNotStartOnIt() {
		List<Window> windows = WindowPlanner.plan(Instant.parse("2026-11-01T01:30:00Z"),
				Instant.parse("2026-11-01T04:00:00Z"), grid(Duration.ofHours(1), ZoneId.of("UTC")));

		assertThat(windows).containsExactly(
				new Window(Instant.parse("2026-11-01T01:30:00Z"), Instant.parse("2026-11-01T02:00:00Z")),
				new Window(Instant.parse("2026-11-01T02:00:00Z"), Instant.parse("2026-11-01T03:00:00Z")),
				new Window(Instant.parse("2026-11-01T03:00:00Z"), Instant.parse("2026-11-01T04:00:00Z")));
	}

	@Test
	void putsWindowsOfSeveralDaysOnAGridOfDaysCountedFromTheEpoch() {
		List<Window> windows = WindowPlanner.plan(TimeArgument.parse("--from", "2026-11-01", BEIJING),
				TimeArgument.parse("--to", "2026-12-31", BEIJING),
				new WindowGrid(Duration.ofDays(30), Duration.ofDays(30), BEIJING));

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
				TimeArgument.parse("--to", "2026-10-26", berlin), grid(Duration.ofHours(12), berlin));

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
	void aDateIsItsMidnightInTheZoneOnEitherSideOfADaylightSavingChange() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		ZoneId newYork = ZoneId.of("America/New_York");

		assertThat(TimeArgument.parse("--from", "2026-03-29", berlin)).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
		assertThat(TimeArgument.parse("--to", "2026-03-30", berlin)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
		assertThat(TimeArgument.parse("--from", "2026-11-01", newYork)).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
		assertThat(TimeArgument.parse("--to", "2026-11-02", newYork)).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
		assertThat(TimeArgument.parse("--from", "2026-10-25T02:30", berlin))
			.as("a local time that occurs twice is its first occurrence")
			.isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
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

		assertThat(WindowPlanner.commonGridPointAtOrBefore(night, List.of(grid(Duration.ofHours(1), BEIJING))))
			.isEqualTo(Instant.parse("2026-11-04T19:00:00Z"));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(night,
				List.of(grid(Duration.ofHours(1), BEIJING), grid(Duration.ofDays(1), BEIJING))))
			.isEqualTo(Instant.parse("2026-11-04T16:00:00Z"));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(Instant.parse("2026-11-04T16:00:00Z"),
				List.of(grid(Duration.ofHours(6), BEIJING), grid(Duration.ofDays(1), BEIJING))))
			.as("a grid point of every length stays where it is")
			.isEqualTo(Instant.parse("2026-11-04T16:00:00Z"));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(night,
				List.of(new WindowGrid(Duration.ofDays(7), Duration.ofDays(30), BEIJING))))
			.as("week-long windows count from 1970-01-01")
			.isEqualTo(LocalDate.ofEpochDay(Math.floorDiv(LocalDate.parse("2026-11-05").toEpochDay(), 7) * 7)
				.atStartOfDay(BEIJING)
				.toInstant());
	}

	@ParameterizedTest(name = "{0} on {1}: one window of {2} hours")
	@CsvSource({ "Europe/Berlin, 2026-03-29, 23", "America/New_York, 2026-03-08, 23",
			"America/New_York, 2026-11-01, 25", "Europe/Berlin, 2026-10-25, 25", "+08:00, 2026-10-25, 24",
			"UTC, 2026-03-29, 24" })
	void aDayWindowIsTheCalendarDayInTheZoneWhateverItsLength(String zone, LocalDate day, long hours) {
		ZoneId in = ZoneId.of(zone);
		// An API without a 24-hour limit (RDS answers up to 30 days) gets the whole day in one window.
		List<Window> windows = WindowPlanner.plan(day.atStartOfDay(in).toInstant(),
				day.plusDays(1).atStartOfDay(in).toInstant(), new WindowGrid(Duration.ofDays(1), Duration.ofDays(30), in));

		assertThat(windows).hasSize(1);
		assertThat(windows.get(0).length()).isEqualTo(Duration.ofHours(hours));
		assertThat(windows.get(0).startDate(in)).isEqualTo(day);
	}

	@Test
	void aShortDayWithinTheApisLimitIsOneWindowAndTheDaysAroundItAreWhole() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		List<Window> windows = WindowPlanner.plan(TimeArgument.parse("--from", "2026-03-28", berlin),
				TimeArgument.parse("--to", "2026-03-31", berlin), grid(Duration.ofDays(1), berlin));

		assertThat(windows).extracting(Window::length)
			.containsExactly(Duration.ofHours(24), Duration.ofHours(23), Duration.ofHours(24));
		assertThat(windows).extracting((window) -> window.startDate(berlin))
			.containsExactly(LocalDate.parse("2026-03-28"), LocalDate.parse("2026-03-29"), LocalDate.parse("2026-03-30"));
	}

	@ParameterizedTest(name = "{0} on {1}")
	@CsvSource({ "Europe/Berlin, 2026-10-25", "America/New_York, 2026-11-01" })
	void aLongDayBeyondTheApis24HourLimitIsCutInTwoEqualHalvesNotIntoADayAndAnHour(String zone, LocalDate day) {
		ZoneId in = ZoneId.of(zone);
		Instant midnight = day.atStartOfDay(in).toInstant();
		Instant next = day.plusDays(1).atStartOfDay(in).toInstant();

		List<Window> windows = WindowPlanner.plan(midnight.minus(Duration.ofHours(24)),
				next.plus(Duration.ofHours(24)), grid(Duration.ofDays(1), in));

		assertThat(windows).extracting(Window::length)
			.containsExactly(Duration.ofHours(24), Duration.ofMinutes(750), Duration.ofMinutes(750),
					Duration.ofHours(24));
		assertThat(windows.get(1).start()).isEqualTo(midnight);
		assertThat(windows.get(2).end()).isEqualTo(next);
		assertThat(windows.get(2).startDate(in)).isEqualTo(day);
	}

	@Test
	void theHalvesOfALongDayAreTheSameWindowsWhateverRangeAsksForThem() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		Instant midnight = TimeArgument.parse("--from", "2026-10-25", berlin);
		Instant half = midnight.plus(Duration.ofMinutes(750));

		assertThat(WindowPlanner.plan(midnight.plusSeconds(3600), half.plusSeconds(3600), grid(Duration.ofDays(1), berlin)))
			.extracting(Window::end)
			.containsExactly(half, half.plusSeconds(3600));
		assertThat(WindowPlanner.commonGridPointAtOrBefore(half.plusSeconds(60), List.of(grid(Duration.ofDays(1), berlin))))
			.isEqualTo(half);
	}

	/** The SCF and SLS APIs answer at most one day (24 hours) per query. */
	private static WindowGrid grid(Duration length, ZoneId zone) {
		return new WindowGrid(length, Duration.ofDays(1), zone);
	}

}
