package dev.logtally.sandbox.cls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.logtally.sandbox.tencent.ApiError;

/**
 * The search statement of {@code SearchLog} and {@code DescribeLogHistogram}, as far as the emulator understands it:
 * {@code *} or empty (every log), or CQL terms {@code key:"value"} (or {@code key:value} without spaces) joined by
 * {@code AND}. A term matches a log whose field {@code key} equals the value exactly (real CLS matches tokens; the
 * datasets' values make the two agree for the values tests use); {@code __SOURCE__}, {@code __FILENAME__} and
 * {@code __HOSTNAME__} name the log's metadata.
 *
 * <p>Anything else is refused: SQL after {@code |} with {@code InvalidParameter} (a {@code SearchLog}'s SQL is
 * split off before, and run as a {@link SqlCount}; a histogram has none), other
 * syntax with {@code FailedOperation.SyntaxError}, and a statement other than {@code *} under Lucene syntax (0) with
 * {@code FailedOperation.SyntaxError}, so a client that forgets to ask for CQL explicitly is caught.
 */
record SearchStatement(String text, List<Term> terms) {

	/** The documented maximum length of a statement. */
	static final int MAX_LENGTH = 12_000;

	static final long LUCENE = 0;

	static final long CQL = 1;

	SearchStatement {
		terms = List.copyOf(terms);
	}

	/** One {@code key:"value"} term. */
	record Term(String key, String value) {

		boolean matches(ClsLog log) {
			String actual = switch (this.key) {
				case "__SOURCE__" -> log.source();
				case "__FILENAME__" -> log.fileName();
				case "__HOSTNAME__" -> log.hostName();
				default -> log.fields().get(this.key);
			};
			return this.value.equals(actual);
		}

	}

	/**
	 * @param syntax 0 (Lucene) or 1 (CQL)
	 * @throws ApiError if the statement is too long, SQL, not understood, or not {@code *} under Lucene
	 */
	static SearchStatement parse(String text, long syntax, String parameter) {
		String statement = (text == null) ? "" : text.strip();
		if (syntax != LUCENE && syntax != CQL) {
			throw new ApiError("InvalidParameter", "The syntax rule `" + syntax + "` is not 0 (Lucene) or 1 (CQL).");
		}
		if (statement.length() > MAX_LENGTH) {
			throw new ApiError("InvalidParameter",
					"The parameter `" + parameter + "` is longer than " + MAX_LENGTH + " characters.");
		}
		if (statement.contains("|")) {
			throw new ApiError("InvalidParameter",
					"The emulator runs no SQL: `" + parameter + "` must be a search statement without `|`.");
		}
		if (statement.isEmpty() || "*".equals(statement)) {
			return new SearchStatement(statement, List.of());
		}
		if (syntax == LUCENE) {
			throw syntaxError("the emulator parses only `*` under Lucene syntax; ask for CQL (1)");
		}
		return new SearchStatement(statement, terms(statement));
	}

	boolean matches(ClsLog log) {
		for (Term term : this.terms) {
			if (!term.matches(log)) {
				return false;
			}
		}
		return true;
	}

	private static List<Term> terms(String statement) {
		List<Term> terms = new ArrayList<>();
		int at = 0;
		while (true) {
			int colon = statement.indexOf(':', at);
			if (colon < 0) {
				throw syntaxError("expected `key:\"value\"` at offset " + at);
			}
			String key = statement.substring(at, colon).strip();
			if (key.isEmpty() || !key.chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '_' || c == '.')) {
				throw syntaxError("`" + key + "` is not a field name");
			}
			int valueStart = colon + 1;
			StringBuilder value = new StringBuilder();
			int end;
			if (valueStart < statement.length() && statement.charAt(valueStart) == '"') {
				end = valueStart + 1;
				while (end < statement.length() && statement.charAt(end) != '"') {
					if (statement.charAt(end) == '\\' && end + 1 < statement.length()) {
						end++;
					}
					value.append(statement.charAt(end++));
				}
				if (end >= statement.length()) {
					throw syntaxError("unterminated quote");
				}
				end++;
			}
			else {
				end = valueStart;
				while (end < statement.length() && !Character.isWhitespace(statement.charAt(end))) {
					value.append(statement.charAt(end++));
				}
				if (value.isEmpty() || value.indexOf("\"") >= 0 || value.indexOf("*") >= 0) {
					throw syntaxError("`" + value + "` is not a value the emulator understands");
				}
			}
			terms.add(new Term(key, value.toString()));
			String rest = statement.substring(end).stripLeading();
			if (rest.isEmpty()) {
				return terms;
			}
			if (!rest.toUpperCase(Locale.ROOT).startsWith("AND ")) {
				throw syntaxError("terms must be joined by AND");
			}
			at = statement.length() - rest.length() + 4;
		}
	}

	private static ApiError syntaxError(String why) {
		return new ApiError("FailedOperation.SyntaxError", "The search statement has a syntax error: " + why + ".");
	}

}
