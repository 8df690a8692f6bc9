package dev.logtally.sandbox.legacy;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated legacy {@code GetFunctionLogs} request.
 *
 * <p>The legacy API has no time range and no namespace: a query covers every log of the function, and
 * {@code offset} counts from the newest log ({@code desc}, the default) or the oldest ({@code asc}).
 *
 * @param functionName the function
 * @param offset the index of the first log of the page
 * @param limit the page size
 * @param ascending {@code order=asc}
 * @param orderBy the sort key
 * @param retCode the {@code filter.retCode} filter, or {@code null}
 * @param requestId only this invocation, or {@code null}
 */
record LegacyQuery(String functionName, long offset, long limit, boolean ascending, LegacyOrder orderBy,
		LegacyRetCode retCode, String requestId) {

	static final long DEFAULT_LIMIT = 20;

	/** The common parameters of every legacy action. */
	static final Set<String> COMMON = Set.of("Action", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
			"SignatureMethod", "Token", "RequestClient", "Language");

	/** The action's own parameters, in their signed spelling ({@code _} written as {@code .}). */
	static final Set<String> OWN = Set.of("functionName", "offset", "limit", "order", "orderby", "filter.retCode",
			"requestId");

	private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

	/**
	 * @param maxLimit the largest {@code limit} accepted
	 * @param offsetCap the largest {@code offset + limit} accepted, 0 for none
	 * @throws LegacyError 4000 for an unknown parameter or a bad value
	 */
	static LegacyQuery parse(Map<String, String> parameters, int maxLimit, int offsetCap) {
		for (String name : parameters.keySet()) {
			if (!COMMON.contains(name) && !OWN.contains(name.replace('_', '.'))) {
				throw LegacyError.invalidParameter("unknown parameter `" + name + "`");
			}
		}
		String functionName = parameters.get("functionName");
		if (functionName == null || functionName.isEmpty()) {
			throw LegacyError.invalidParameter("the parameter `functionName` is missing");
		}
		long offset = integer(parameters, "offset", 0);
		if (offset < 0) {
			throw invalidValue("offset", Long.toString(offset));
		}
		long limit = integer(parameters, "limit", DEFAULT_LIMIT);
		if (limit < 1 || limit > maxLimit) {
			throw LegacyError.invalidParameter("limit must be between 1 and " + maxLimit + ", got " + limit);
		}
		if (offsetCap > 0 && offset > offsetCap - limit) {
			throw LegacyError.invalidParameter("offset+limit must not exceed " + offsetCap + ", got offset " + offset
					+ " and limit " + limit);
		}
		String order = parameters.getOrDefault("order", "desc");
		// "acs" is how the legacy page spells asc ("可选值desc和acs")
		boolean ascending = switch (order) {
			case "asc", "acs" -> true;
			case "desc" -> false;
			default -> throw invalidValue("order", order);
		};
		String orderByName = parameters.getOrDefault("orderby", "startTime");
		LegacyOrder orderBy = LegacyOrder.ofWireName(orderByName)
			.orElseThrow(() -> invalidValue("orderby", orderByName));
		String retCodeName = parameters.containsKey("filter.retCode") ? parameters.get("filter.retCode")
				: parameters.get("filter_retCode");
		LegacyRetCode retCode = (retCodeName == null) ? null : LegacyRetCode.ofWireName(retCodeName)
			.orElseThrow(() -> invalidValue("filter.retCode", retCodeName));
		String requestId = parameters.get("requestId");
		return new LegacyQuery(functionName, offset, limit, ascending, orderBy, retCode,
				(requestId == null || requestId.isEmpty()) ? null : requestId);
	}

	private static long integer(Map<String, String> parameters, String name, long fallback) {
		String text = parameters.get(name);
		if (text == null) {
			return fallback;
		}
		if (!INTEGER.matcher(text).matches()) {
			throw LegacyError.invalidParameter("the parameter `" + name + "` must be an integer, got `" + text + "`");
		}
		return Long.parseLong(text);
	}

	private static LegacyError invalidValue(String name, String value) {
		return LegacyError.invalidParameter("the value `" + value + "` of parameter `" + name + "` is invalid");
	}

}
