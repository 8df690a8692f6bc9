package dev.logtally.sandbox.cls;

import java.util.Set;

import dev.logtally.sandbox.tencent.ApiError;

/**
 * A {@code SearchLog} request as the emulator serves it.
 * @param topicId {@code TopicId}
 * @param from {@code From}, Unix milliseconds
 * @param to {@code To}, Unix milliseconds
 * @param statement {@code QueryString} (with {@code QuerySyntax}, default CQL) or the deprecated {@code Query} (with
 *     {@code SyntaxRule}, default Lucene)
 * @param ascending {@code Sort} is {@code asc}; the default is {@code desc}
 * @param limit {@code Limit}, 1 to 1000, default 100
 * @param offset {@code Offset}, default 0; not with a context
 * @param context {@code Context}, or {@code null} for the first page of a query
 */
record SearchParameters(String topicId, long from, long to, SearchStatement statement, boolean ascending, int limit,
		long offset, String context) {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	private static final Set<String> KNOWN = Set.of("TopicId", "Topics", "From", "To", "QueryString", "QuerySyntax",
			"Query", "SyntaxRule", "Sort", "Limit", "Offset", "Context", "SamplingRate", "UseNewAnalysis", "HighLight");

	static SearchParameters parse(byte[] body) {
		RequestBody request = RequestBody.parse(body, KNOWN);
		if (request.has("Topics")) {
			throw new ApiError("InvalidParameter", "The emulator searches one `TopicId`, not `Topics`.");
		}
		String topicId = request.requiredString("TopicId");
		long from = request.requiredLong("From");
		long to = request.requiredLong("To");
		if (from >= to) {
			throw new ApiError("InvalidParameter", "`From` (" + from + ") must be before `To` (" + to + ").");
		}
		SearchStatement statement = statement(request);
		String sort = request.string("Sort");
		if (sort != null && !"asc".equals(sort) && !"desc".equals(sort)) {
			throw ApiError.invalidValue("InvalidParameter", "Sort", sort);
		}
		long limit = request.longOr("Limit", DEFAULT_LIMIT);
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new ApiError("InvalidParameter",
					"The parameter `Limit` must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
		}
		long offset = request.longOr("Offset", 0);
		if (offset < 0) {
			throw ApiError.invalidValue("InvalidParameter", "Offset", Long.toString(offset));
		}
		String context = request.string("Context");
		if (context != null && context.isEmpty()) {
			context = null;
		}
		if (context != null && request.has("Offset")) {
			throw new ApiError("InvalidParameter", "`Offset` cannot be combined with `Context`.");
		}
		request.ignored("SamplingRate", "number");
		request.ignored("UseNewAnalysis", "boolean");
		request.ignored("HighLight", "boolean");
		return new SearchParameters(topicId, from, to, statement, "asc".equals(sort), (int) limit, offset, context);
	}

	/** Everything a context must be continued with unchanged. */
	String identity() {
		return this.topicId + "\u0000" + this.from + "\u0000" + this.to + "\u0000" + this.statement.text() + "\u0000"
				+ this.ascending + "\u0000" + this.limit;
	}

	/** {@code QueryString}/{@code QuerySyntax} (default CQL), else {@code Query}/{@code SyntaxRule} (default Lucene). */
	private static SearchStatement statement(RequestBody request) {
		boolean current = request.has("QueryString") || request.has("QuerySyntax");
		boolean deprecated = request.has("Query") || request.has("SyntaxRule");
		if (current && deprecated) {
			throw new ApiError("InvalidParameter",
					"Give either `QueryString`/`QuerySyntax` or the deprecated `Query`/`SyntaxRule`, not both.");
		}
		if (deprecated) {
			return SearchStatement.parse(request.string("Query"), request.longOr("SyntaxRule", SearchStatement.LUCENE),
					"Query");
		}
		return SearchStatement.parse(request.string("QueryString"),
				request.longOr("QuerySyntax", SearchStatement.CQL), "QueryString");
	}

}
