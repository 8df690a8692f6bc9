package dev.logtally.window;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code --from}/{@code --to} value: an ISO-8601 date ({@code 2026-11-21}, its start in the job's zone), a local
 * date-time ({@code 2026-11-21T06:00}, in the job's zone) or a date-time with offset or {@code Z}.
 */
public final class TimeArgument {

	private TimeArgument() {
	}

	/**
	 * @param option the option name, for the message
	 * @throws IllegalArgumentException naming the option, the value and the accepted forms
	 */
	public static Instant parse(String option, String value, ZoneId zone) {
		String text = value.strip();
		try {
			if (text.length() == 10) {
				return LocalDate.parse(text).atStartOfDay(zone).toInstant();
			}
			if (text.endsWith("Z") || text.matches(".*[+-]\\d{2}:?\\d{2}$")) {
				return OffsetDateTime.parse(text).toInstant();
			}
			return LocalDateTime.parse(text).atZone(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(option + " \"" + value + "\" is not an ISO-8601 date or date-time "
					+ "(for example 2026-11-21, 2026-11-21T06:00 or 2026-11-21T06:00:00Z)");
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException(option + " \"" + value + "\" is not a valid time: " + ex.getMessage());
		}
	}

}
