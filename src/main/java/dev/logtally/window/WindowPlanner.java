package dev.logtally.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a requested range into windows.
 *
 * <p>Windows lie on a grid anchored at midnight in the job's zone (a window length either divides a day or is a whole
 * number of days, counted from 1970-01-01), so the same instant always falls in the same window whatever range was
 * asked for: a nightly run and a manual rerun produce the same files. Only the edges of a range that does not lie on
 * the grid produce shorter windows.
 */
public final class WindowPlanner {

	private WindowPlanner() {
	}

	/**
	 * @param from the inclusive start
	 * @param to the exclusive end, after {@code from}
	 * @param length the window length; divides a day, or is a whole number of days
	 * @param zone the zone whose midnights anchor the grid
	 */
	public static List<Window> plan(Instant from, Instant to, Duration length, ZoneId zone) {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from " + from + " must be before to " + to);
		}
		List<Window> windows = new ArrayList<>();
		Instant cursor = from;
		while (cursor.isBefore(to)) {
			Instant next = nextGridPoint(cursor, length, zone);
			Instant end = next.isAfter(to) ? to : next;
			windows.add(new Window(cursor, end));
			cursor = end;
		}
		return windows;
	}

	/**
	 * The latest instant at or before {@code instant} that lies on the grid of every length: where a range must end
	 * for each of them to end with a whole window.
	 */
	public static Instant commonGridPointAtOrBefore(Instant instant, List<Duration> lengths, ZoneId zone) {
		Instant point = instant;
		boolean moved = true;
		while (moved) {
			moved = false;
			for (Duration length : lengths) {
				Instant floor = gridPointAtOrBefore(point, length, zone);
				if (floor.isBefore(point)) {
					point = floor;
					moved = true;
				}
			}
		}
		return point;
	}

	/** The latest grid point at or before {@code instant}. */
	static Instant gridPointAtOrBefore(Instant instant, Duration length, ZoneId zone) {
		LocalDate day = instant.atZone(zone).toLocalDate();
		Instant point;
		if (length.toDays() > 1) {
			long days = length.toDays();
			point = LocalDate.ofEpochDay(Math.floorDiv(day.toEpochDay(), days) * days).atStartOfDay(zone).toInstant();
		}
		else {
			point = day.atStartOfDay(zone).toInstant();
		}
		// At most one day's grid points (1,440 for one-minute windows) lie between the anchor and the instant.
		for (Instant next = nextGridPoint(point, length, zone); !next.isAfter(instant);
				next = nextGridPoint(next, length, zone)) {
			point = next;
		}
		return point;
	}

	/** The first grid point strictly after {@code instant}. */
	static Instant nextGridPoint(Instant instant, Duration length, ZoneId zone) {
		LocalDate day = instant.atZone(zone).toLocalDate();
		if (length.toDays() > 1) {
			// Windows of several days lie on a grid of whole days counted from 1970-01-01 in the zone.
			long days = length.toDays();
			long next = Math.floorDiv(day.toEpochDay(), days) * days + days;
			return LocalDate.ofEpochDay(next).atStartOfDay(zone).toInstant();
		}
		ZonedDateTime midnight = day.atStartOfDay(zone);
		long sinceMidnight = Duration.between(midnight.toInstant(), instant).getSeconds();
		long step = length.getSeconds();
		Instant candidate = midnight.toInstant().plusSeconds((sinceMidnight / step + 1) * step);
		Instant nextMidnight = day.plusDays(1).atStartOfDay(zone).toInstant();
		// A day that is not 24 hours long (daylight saving) ends early: the grid restarts at the next midnight.
		return candidate.isAfter(nextMidnight) ? nextMidnight : candidate;
	}

}
