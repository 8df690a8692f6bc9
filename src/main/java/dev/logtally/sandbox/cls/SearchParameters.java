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
 * @param sql the {@code count(*)} after the statement's {@code |}, or {@code null} for a search of logs
 */
record SearchParameters(String topicId, long from, long to, SearchStatement statement, boolean ascending, int limit,
		long offset, String context, SqlCount sql) {

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
		Statement given = statement(request);
		SearchStatement statement = SearchStatement.parse(given.search(), given.syntax(), given.parameter());
		SqlCount sql = given.sql() == null ? null : SqlCount.parse(given.sql());
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
		if (sql != null && (context != null || request.has("Offset"))) {
			throw new ApiError("InvalidParameter", "`Context` and `Offset` page logs, not an SQL result.");
		}
		request.ignored("SamplingRate", "number");
		request.ignored("UseNewAnalysis", "boolean");
		request.ignored("HighLight", "boolean");
		return new SearchParameters(topicId, from, to, statement, "asc".equals(sort), (int) limit, offset, context,
				sql);
	}

	/** Everything a context must be continued with unchanged. */
	String identity() {
		return this.topicId + "\u0000" + this.from + "\u0000" + this.to + "\u0000" + this.statement.text() + "\u0000"
				+ this.sql + "\u0000" + this.ascending + "\u0000" + this.limit;
	}

	/**
	 * {@code QueryString}/{@code QuerySyntax} (default CQL), else {@code Query}/{@code SyntaxRule} (default Lucene):
	 * the search statement before the first {@code |}, the syntax, the parameter's name, and the SQL after the
	 * {@code |} or {@code null}.
	 */
	private static Statement statement(RequestBody request) {
		boolean current = request.has("QueryString") || request.has("QuerySyntax");
		boolean deprecated = request.has("Query") || request.has("SyntaxRule");
		if (current && deprecated) {
			throw new ApiError("InvalidParameter",
					"Give either `QueryString`/`QuerySyntax` or the deprecated `Query`/`SyntaxRule`, not both.");
		}
		String parameter = deprecated ? "Query" : "QueryString";
		String text = request.string(parameter);
		long syntax = deprecated ? request.longOr("SyntaxRule", SearchStatement.LUCENE)
				: request.longOr("QuerySyntax", SearchStatement.CQL);
		if (text != null && text.length() > SearchStatement.MAX_LENGTH) {
			// refused as a whole, before it is split
			SearchStatement.parse(text, syntax, parameter);
		}
		int bar = (text == null) ? -1 : text.indexOf('|');
		return bar < 0 ? new Statement(text, syntax, parameter, null)
				: new Statement(text.substring(0, bar), syntax, parameter, text.substring(bar + 1));
	}

	/** A statement as given: its search part, its syntax and parameter, and its SQL after {@code |} if any. */
	private record Statement(String search, long syntax, String parameter, String sql) {
	}

}
