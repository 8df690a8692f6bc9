package dev.logtally.sandbox.rds;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated parameters of one {@code ListAuditlogs} request. All four are required, as the Java SDK marks them;
 * every violation is 400 {@code DBS.200001} with a message naming the parameter and the rule.
 * @param start {@code start_time}
 * @param end {@code end_time}, later than {@code start}, at most {@link #MAX_SPAN} after it
 * @param offset records to skip, at least 0
 * @param limit records per page, 1 to 50
 */
record AuditlogQuery(Instant start, Instant end, int offset, int limit) {

	static final Duration MAX_SPAN = Duration.ofDays(30);

	static final int MAX_LIMIT = 50;

	/**
	 * {@code yyyy-MM-ddTHH:mm:ss} and a numeric offset {@code +hhmm}/{@code -hhmm}; neither {@code Z} nor
	 * {@code +hh:mm}.
	 */
	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx", Locale.ROOT)
		.withResolverStyle(ResolverStyle.STRICT);

	private static final Pattern TIME_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}");

	private static final Pattern SPACE_FOR_PLUS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2} \\d{4}");

	static AuditlogQuery parse(Map<String, List<String>> params) {
		Instant start = time(params, "start_time");
		Instant end = time(params, "end_time");
		int offset = integer(params, "offset");
		int limit = integer(params, "limit");
		if (!end.isAfter(start)) {
			throw RdsError.parameter("end_time " + first(params, "end_time") + " must be later than start_time "
					+ first(params, "start_time") + ".");
		}
		if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
			throw RdsError.parameter("The time range from start_time to end_time must not exceed 30 days.");
		}
		if (offset < 0) {
			throw RdsError.parameter("offset must be 0 or more: " + offset);
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw RdsError.parameter("limit must be 1 to " + MAX_LIMIT + ": " + limit);
		}
		return new AuditlogQuery(start, end, offset, limit);
	}

	private static Instant time(Map<String, List<String>> params, String name) {
		String value = first(params, name);
		if (SPACE_FOR_PLUS.matcher(value).matches()) {
			throw RdsError.parameter(name + " " + value + " is not yyyy-MM-ddTHH:mm:ss+hhmm: the offset's '+' arrived"
					+ " as a space (send it percent-encoded as %2B).");
		}
		try {
			if (TIME_SHAPE.matcher(value).matches()) {
				return OffsetDateTime.parse(value, TIME).toInstant();
			}
		}
		catch (DateTimeException ex) {
			throw RdsError.parameter(name + " " + value + " is not a valid date and time.");
		}
		throw RdsError.parameter(name + " " + value + " is not yyyy-MM-ddTHH:mm:ss+hhmm, e.g. 2019-11-06T09:00:00+0800.");
	}

	private static int integer(Map<String, List<String>> params, String name) {
		String value = first(params, name);
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw RdsError.parameter(name + " must be an integer: " + value);
		}
	}

	private static String first(Map<String, List<String>> params, String name) {
		List<String> values = params.get(name);
		if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
			throw RdsError.parameter("The parameter " + name + " is required.");
		}
		return values.get(0);
	}

}
