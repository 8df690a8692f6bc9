package dev.logtally.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import dev.logtally.window.TimeArgument;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --from} and {@code --to}: a half-open range of whole seconds that has ended. */
final class RangeOptions {

	@Option(names = "--from", required = true, paramLabel = "TIME",
			// The examples start a line of their own: picocli would break a time after a colon.
			description = { "Start, inclusive: an ISO-8601 date (its midnight in the spec's zone), a local date-time "
					+ "(in the spec's zone) or a date-time with offset, for example:",
					"2026-11-21, 2026-11-21T06:00, 2026-11-21T06:00:00Z." })
	String from;

	@Option(names = "--to", required = true, paramLabel = "TIME", description = "End, exclusive; same forms as --from.")
	String to;

	/**
	 * @throws IllegalArgumentException naming the option whose value is not a time
	 */
	Window parse(ZoneId zone) {
		Instant start = TimeArgument.parse("--from", this.from, zone);
		Instant end = TimeArgument.parse("--to", this.to, zone);
		if (!start.isBefore(end)) {
			throw new IllegalArgumentException("--from " + this.from + " (" + start + ") must be before --to " + this.to
					+ " (" + end + "): the range is half-open, [from, to)");
		}
		return new Window(start, end);
	}

	/** Why the range cannot be exported yet, or {@code null}. */
	@Nullable String problem(Window range, Clock clock) {
		if (range.start().getNano() != 0 || range.end().getNano() != 0) {
			return "--from and --to must be whole seconds";
		}
		if (range.end().isAfter(clock.instant())) {
			return "--to " + this.to + " (" + range.end() + ") is in the future: only windows that have ended can be "
					+ "exported completely";
		}
		return null;
	}

}
