package dev.logtally.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a requested range into windows.
 *
 * <p>Windows lie on a grid anchored at midnight in the job's zone ({@link WindowGrid}: a length of whole days
 * follows the zone's calendar days, counted from 1970-01-01; a shorter one divides each day), so the same instant
 * always falls in the same window whatever range was asked for: a nightly run and a manual rerun produce the same
 * files. Only the edges of a range that does not lie on the grid produce shorter windows.
 */
public final class WindowPlanner {

	private WindowPlanner() {
	}

	/**
	 * @param from the inclusive start
	 * @param to the exclusive end, after {@code from}
	 * @param grid the source's window length, the longest span its API accepts, and the zone
	 */
	public static List<Window> plan(Instant from, Instant to, WindowGrid grid) {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from " + from + " must be before to " + to);
		}
		List<Window> windows = new ArrayList<>();
		Instant cursor = from;
		while (cursor.isBefore(to)) {
			Instant next = nextGridPoint(cursor, grid);
			Instant end = next.isAfter(to) ? to : next;
			windows.add(new Window(cursor, end));
			cursor = end;
		}
		return windows;
	}

	/**
	 * The latest instant at or before {@code instant} that lies on every grid: where a range must end for each of them
	 * to end with a whole window.
	 */
	public static Instant commonGridPointAtOrBefore(Instant instant, List<WindowGrid> grids) {
		Instant point = instant;
		boolean moved = true;
		while (moved) {
			moved = false;
			for (WindowGrid grid : grids) {
				Instant floor = gridPointAtOrBefore(point, grid);
				if (floor.isBefore(point)) {
					point = floor;
					moved = true;
				}
			}
		}
		return point;
	}

	/** The latest grid point at or before {@code instant}. */
	static Instant gridPointAtOrBefore(Instant instant, WindowGrid grid) {
		Instant start = cellStart(instant, grid);
		Instant point = start;
		for (Instant cut : cuts(start, cellEnd(instant, grid), grid)) {
			if (!cut.isAfter(instant)) {
				point = cut;
			}
		}
		return point;
	}

	/** The first grid point strictly after {@code instant}. */
	static Instant nextGridPoint(Instant instant, WindowGrid grid) {
		Instant end = cellEnd(instant, grid);
		for (Instant cut : cuts(cellStart(instant, grid), end, grid)) {
			if (cut.isAfter(instant)) {
				return cut;
			}
		}
		return end;
	}

	/**
	 * Where a window of the grid longer than the API's longest span is cut: into as few equal parts as keep each within
	 * it, so a 25-hour day with a 24-hour limit is two windows of 12.5 hours, never 24 hours and a 1-hour stub.
	 */
	private static List<Instant> cuts(Instant start, Instant end, WindowGrid grid) {
		long span = Duration.between(start, end).getSeconds();
		long longest = grid.longest().getSeconds();
		long parts = (span + longest - 1) / longest;
		List<Instant> cuts = new ArrayList<>();
		for (long part = 1; part < parts; part++) {
			cuts.add(start.plusSeconds(span * part / parts));
		}
		return cuts;
	}

	/** The latest point at or before {@code instant} of the grid before any cut. */
	private static Instant cellStart(Instant instant, WindowGrid grid) {
		LocalDate day = instant.atZone(grid.zone()).toLocalDate();
		if (grid.wholeDays()) {
			// Windows of whole days lie on a grid of calendar days counted from 1970-01-01 in the zone.
			long days = grid.length().toDays();
			return LocalDate.ofEpochDay(Math.floorDiv(day.toEpochDay(), days) * days).atStartOfDay(grid.zone())
				.toInstant();
		}
		Instant midnight = day.atStartOfDay(grid.zone()).toInstant();
		long step = grid.length().getSeconds();
		return midnight.plusSeconds(Duration.between(midnight, instant).getSeconds() / step * step);
	}

	/** The first point strictly after {@code instant} of the grid before any cut. */
	private static Instant cellEnd(Instant instant, WindowGrid grid) {
		LocalDate day = instant.atZone(grid.zone()).toLocalDate();
		if (grid.wholeDays()) {
			long days = grid.length().toDays();
			return LocalDate.ofEpochDay(Math.floorDiv(day.toEpochDay(), days) * days + days)
				.atStartOfDay(grid.zone())
				.toInstant();
		}
		ZonedDateTime midnight = day.atStartOfDay(grid.zone());
		long step = grid.length().getSeconds();
		Instant candidate = midnight.toInstant()
			.plusSeconds((Duration.between(midnight.toInstant(), instant).getSeconds() / step + 1) * step);
		Instant nextMidnight = day.plusDays(1).atStartOfDay(grid.zone()).toInstant();
		// A day that is not 24 hours long (daylight saving) ends early: the grid restarts at the next midnight.
		return candidate.isAfter(nextMidnight) ? nextMidnight : candidate;
	}

}
