package dev.logtally.sandbox.sls;

import java.util.Map;

/**
 * The parameters of a {@code GetLogs} or {@code GetHistograms} request, validated, whichever shape carried them (GET
 * query string or GetLogsV2 JSON body). Times are epoch nanoseconds: {@code from}/{@code to} seconds plus the
 * optional {@code fromNs}/{@code toNs} parts, as a half-open range {@code [fromNanos, toNanos)}.
 *
 * <p>{@code powerSql}, {@code session}, {@code forward}, {@code highlight}, {@code shard} and unknown names are
 * accepted and ignored.
 * @param fromNanos inclusive start
 * @param toNanos exclusive end
 * @param line rows per page, 0 to 100 ({@code line > 100} is served as 100, as documented)
 * @param offset rows to skip
 * @param reverse newest first
 * @param topic the {@code __topic__} to match, {@code ""} for any
 * @param query the search statement
 * @param accurate order known to the second (otherwise only to the minute)
 */
record LogQuery(long fromNanos, long toNanos, int line, long offset, boolean reverse, String topic,
		SearchQuery query, boolean accurate) {

	static final int MAX_LINE = 100;

	private static final int MAX_NS_PART = 999_999_999;

	static LogQuery forLogs(Map<String, String> params) {
		long[] range = range(params);
		int line = (int) Math.min(MAX_LINE, number(params, "line", MAX_LINE, "InvalidLine"));
		if (line < 0) {
			throw SlsError.badRequest("InvalidLine", "line must be between 0 and 100: " + params.get("line"));
		}
		long offset = number(params, "offset", 0, "InvalidOffset");
		if (offset < 0) {
			throw SlsError.badRequest("InvalidOffset", "offset must not be negative: " + params.get("offset"));
		}
		boolean reverse = bool(params, "reverse", "InvalidReverse");
		boolean accurate = bool(params, "accurate", "ParameterInvalid");
		return new LogQuery(range[0], range[1], line, offset, reverse, topic(params),
				SearchQuery.parse(params.get("query")), accurate);
	}

	static LogQuery forHistograms(Map<String, String> params) {
		long[] range = range(params);
		boolean accurate = bool(params, "accurate", "ParameterInvalid");
		return new LogQuery(range[0], range[1], 0, 0, false, topic(params), SearchQuery.parse(params.get("query")),
				accurate);
	}

	long fromSecond() {
		return Math.floorDiv(this.fromNanos, StoredLogstore.NANOS_PER_SECOND);
	}

	long toSecond() {
		return Math.floorDiv(this.toNanos, StoredLogstore.NANOS_PER_SECOND);
	}

	/** What makes two requests identical for the Incomplete knobs: the logstore and every parameter that matters. */
	String identity(String project, String logstore) {
		return String.join("\u0000", project, logstore, Long.toString(this.fromNanos), Long.toString(this.toNanos),
				Integer.toString(this.line), Long.toString(this.offset), Boolean.toString(this.reverse), this.topic,
				this.query.text(), Boolean.toString(this.accurate));
	}

	private static long[] range(Map<String, String> params) {
		long from = required(params, "from");
		long to = required(params, "to");
		long fromNs = nsPart(params, "fromNs");
		long toNs = nsPart(params, "toNs");
		long fromNanos;
		long toNanos;
		try {
			fromNanos = Math.addExact(Math.multiplyExact(from, StoredLogstore.NANOS_PER_SECOND), fromNs);
			toNanos = Math.addExact(Math.multiplyExact(to, StoredLogstore.NANOS_PER_SECOND), toNs);
		}
		catch (ArithmeticException ex) {
			throw invalidTimeRange();
		}
		if (from < 0 || fromNanos >= toNanos) {
			throw invalidTimeRange();
		}
		return new long[] { fromNanos, toNanos };
	}

	private static SlsError invalidTimeRange() {
		return SlsError.badRequest("InvalidTimeRange", "Request time range is invalid.");
	}

	private static long required(Map<String, String> params, String name) {
		String text = params.get(name);
		if (text == null || text.isEmpty()) {
			throw SlsError.parameterInvalid("The parameter " + name + " is required.");
		}
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw invalidTimeRange();
		}
	}

	private static long nsPart(Map<String, String> params, String name) {
		long value = number(params, name, 0, "ParameterInvalid");
		if (value < 0 || value > MAX_NS_PART) {
			throw SlsError.parameterInvalid(name + " must be between 0 and " + MAX_NS_PART + ": " + value);
		}
		return value;
	}

	private static long number(Map<String, String> params, String name, long absent, String code) {
		String text = params.get(name);
		if (text == null || text.isEmpty()) {
			return absent;
		}
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw SlsError.badRequest(code, "The parameter " + name + " is not an integer: " + text);
		}
	}

	/** {@code true}/{@code false}, also capitalised: the Python SDK sends Python booleans as {@code True}. */
	private static boolean bool(Map<String, String> params, String name, String code) {
		String text = params.get(name);
		if (text == null || text.isEmpty()) {
			return false;
		}
		return switch (text) {
			case "true", "True" -> true;
			case "false", "False" -> false;
			default -> throw SlsError.badRequest(code, "The parameter " + name + " must be true or false: " + text);
		};
	}

	private static String topic(Map<String, String> params) {
		String topic = params.get("topic");
		return (topic == null) ? "" : topic;
	}

}
