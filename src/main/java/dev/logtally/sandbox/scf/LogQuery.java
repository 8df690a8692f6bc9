package dev.logtally.sandbox.scf;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import dev.logtally.sandbox.tencent.ApiError;

/**
 * A validated {@code GetFunctionLogs} request.
 *
 * <p>The time range is closed: a log whose start second equals {@code EndTime} is included. Without
 * {@code StartTime}/{@code EndTime} the range is the last day up to now.
 *
 * @param functionName the function
 * @param namespace the namespace, {@code default} if absent
 * @param qualifier only logs of this version, or {@code null} for all
 * @param offset the index of the first log of the page
 * @param limit the page size
 * @param ascending {@code Order=asc}
 * @param orderBy the sort key
 * @param retCode the {@code Filter.RetCode} filter, or {@code null}
 * @param functionRequestId only this invocation, or {@code null}
 * @param from the first second of the range, inclusive
 * @param to the last second of the range, inclusive
 */
record LogQuery(String functionName, String namespace, String qualifier, long offset, long limit, boolean ascending,
		LogOrder orderBy, RetCodeFilter retCode, String functionRequestId, Instant from, Instant to) {

	/** The API refuses any page reaching past this index ({@code LimitExceeded.Offset}). */
	static final long MAX_OFFSET_PLUS_LIMIT = 10_000;

	static final long DEFAULT_LIMIT = 20;

	static final Duration MAX_SPAN = Duration.ofDays(1);

	private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
		.withResolverStyle(ResolverStyle.STRICT);

	static LogQuery parse(Map<String, String> parameters, ZoneId zone, Instant now) {
		String functionName = parameters.get("FunctionName");
		if (functionName == null || functionName.isEmpty()) {
			throw ApiError.missingParameter("FunctionName");
		}
		long offset = integer(parameters, "Offset", 0);
		if (offset < 0) {
			throw ApiError.invalidValue("InvalidParameterValue.Offset", "Offset", Long.toString(offset));
		}
		long limit = integer(parameters, "Limit", DEFAULT_LIMIT);
		if (limit < 1) {
			throw ApiError.invalidValue("InvalidParameterValue", "Limit", Long.toString(limit));
		}
		if (offset > MAX_OFFSET_PLUS_LIMIT - limit) {
			throw new ApiError("LimitExceeded.Offset", "Offset + Limit must not exceed " + MAX_OFFSET_PLUS_LIMIT
					+ ", got Offset " + offset + " and Limit " + limit + ".");
		}
		String order = parameters.getOrDefault("Order", "desc");
		if (!order.equals("asc") && !order.equals("desc")) {
			throw ApiError.invalidValue("InvalidParameterValue.Order", "Order", order);
		}
		String orderByName = parameters.getOrDefault("OrderBy", "start_time");
		LogOrder orderBy = LogOrder.ofWireName(orderByName)
			.orElseThrow(() -> ApiError.invalidValue("InvalidParameterValue.OrderBy", "OrderBy", orderByName));
		String retCodeName = parameters.get("Filter.RetCode");
		RetCodeFilter retCode = (retCodeName == null) ? null : RetCodeFilter.ofWireName(retCodeName)
			.orElseThrow(() -> ApiError.invalidValue("InvalidParameterValue.RetCode", "Filter.RetCode", retCodeName));
		String start = parameters.get("StartTime");
		String end = parameters.get("EndTime");
		Instant from;
		Instant to;
		if (start == null && end == null) {
			to = now.truncatedTo(ChronoUnit.SECONDS);
			from = to.minus(MAX_SPAN);
		}
		else {
			from = (start == null) ? null : time("StartTime", start, zone);
			to = (end == null) ? null : time("EndTime", end, zone);
			if (from == null || to == null) {
				throw new ApiError("InvalidParameterValue.StartTimeOrEndTime",
						"StartTime and EndTime must be given together.");
			}
			if (to.isBefore(from) || Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
				throw new ApiError("InvalidParameterValue.StartTimeOrEndTime",
						"EndTime must not be before StartTime and at most one day after it, got `" + start + "` to `"
								+ end + "`.");
			}
		}
		return new LogQuery(functionName, parameters.getOrDefault("Namespace", "default"),
				emptyToNull(parameters.get("Qualifier")), offset, limit, order.equals("asc"), orderBy, retCode,
				emptyToNull(parameters.get("FunctionRequestId")), from, to);
	}

	private static long integer(Map<String, String> parameters, String name, long fallback) {
		String text = parameters.get(name);
		if (text == null) {
			return fallback;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new ApiError("InvalidParameter", "The parameter `" + name + "` must be an integer.");
		}
	}

	private static Instant time(String name, String text, ZoneId zone) {
		try {
			return LocalDateTime.parse(text, WIRE_TIME).atZone(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new ApiError("InvalidParameterValue.DateTime",
					"The parameter `" + name + "` must look like `2017-05-16 20:00:00`, got `" + text + "`.");
		}
	}

	private static String emptyToNull(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

}
