package dev.logtally.sandbox.cls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.logtally.sandbox.tencent.ApiError;

/**
 * The SQL after a {@code SearchLog} statement's {@code |}, as far as the emulator runs it: exactly
 * {@code select count(*) as <name>}, optionally followed by {@code where} and conditions joined by {@code and}, each
 * {@code __TIMESTAMP__} compared ({@code >=}, {@code >}, {@code <}, {@code <=}) with whole milliseconds, or
 * {@code "<field>" = '<value>'}: the log's field equal to the value exactly (a {@code '} doubled inside the value, a
 * {@code "} doubled inside the name). Keywords in any case. Anything else is {@code FailedOperation.SyntaxError}.
 * @param column the name the count is answered under
 * @param conditions what a counted log must satisfy, all of them
 */
record SqlCount(String column, List<Condition> conditions) {

	SqlCount {
		conditions = List.copyOf(conditions);
	}

	/** One condition of the {@code where} clause. */
	sealed interface Condition permits TimeBound, Equals {

		boolean matches(ClsLog log);

	}

	/** {@code __TIMESTAMP__ <operator> millis}. */
	record TimeBound(String operator, long millis) implements Condition {

		@Override
		public boolean matches(ClsLog log) {
			return switch (this.operator) {
				case ">=" -> log.time() >= this.millis;
				case ">" -> log.time() > this.millis;
				case "<" -> log.time() < this.millis;
				default -> log.time() <= this.millis;
			};
		}

	}

	/** {@code "field" = 'value'}, exactly: no tokens, unlike what a search statement may match. */
	record Equals(String field, String value) implements Condition {

		@Override
		public boolean matches(ClsLog log) {
			return this.value.equals(log.fields().get(this.field));
		}

	}

	boolean matches(ClsLog log) {
		for (Condition condition : this.conditions) {
			if (!condition.matches(log)) {
				return false;
			}
		}
		return true;
	}

	/** @throws ApiError {@code FailedOperation.SyntaxError} for anything outside the subset */
	static SqlCount parse(String sql) {
		Scanner scanner = new Scanner(sql);
		scanner.keyword("select");
		scanner.keyword("count");
		scanner.symbol("(");
		scanner.symbol("*");
		scanner.symbol(")");
		scanner.keyword("as");
		String column = scanner.identifier();
		List<Condition> conditions = new ArrayList<>();
		if (!scanner.atEnd()) {
			scanner.keyword("where");
			do {
				conditions.add(scanner.condition());
			}
			while (scanner.andFollows());
		}
		if (!scanner.atEnd()) {
			throw syntaxError("unexpected `" + scanner.rest() + "`");
		}
		return new SqlCount(column, conditions);
	}

	private static ApiError syntaxError(String why) {
		return new ApiError("FailedOperation.SyntaxError", "The SQL statement has a syntax error, or is beyond what "
				+ "the emulator runs (select count(*) as <name> [where __TIMESTAMP__ >= N and \"field\" = 'value' "
				+ "...]): " + why + ".");
	}

	/** Reads the statement left to right. */
	private static final class Scanner {

		private final String text;

		private int at;

		Scanner(String text) {
			this.text = text;
		}

		boolean atEnd() {
			skipSpace();
			return this.at >= this.text.length();
		}

		String rest() {
			return this.text.substring(this.at);
		}

		void keyword(String keyword) {
			skipSpace();
			String word = word();
			if (!word.toLowerCase(Locale.ROOT).equals(keyword)) {
				throw syntaxError("expected `" + keyword + "` at offset " + this.at + ", found `" + word + "`");
			}
		}

		void symbol(String symbol) {
			skipSpace();
			if (!this.text.startsWith(symbol, this.at)) {
				throw syntaxError("expected `" + symbol + "` at offset " + this.at);
			}
			this.at += symbol.length();
		}

		String identifier() {
			skipSpace();
			String word = word();
			if (word.isEmpty()) {
				throw syntaxError("expected a name at offset " + this.at);
			}
			return word;
		}

		boolean andFollows() {
			if (atEnd()) {
				return false;
			}
			keyword("and");
			return true;
		}

		Condition condition() {
			skipSpace();
			if (this.at < this.text.length() && this.text.charAt(this.at) == '"') {
				String field = quoted('"');
				symbol("=");
				skipSpace();
				if (this.at >= this.text.length() || this.text.charAt(this.at) != '\'') {
					throw syntaxError("expected a '-quoted value at offset " + this.at);
				}
				return new Equals(field, quoted('\''));
			}
			String column = word();
			if (!column.equals("__TIMESTAMP__")) {
				throw syntaxError("`" + column + "` is not a condition the emulator runs");
			}
			skipSpace();
			String operator = null;
			for (String candidate : List.of(">=", "<=", ">", "<")) {
				if (this.text.startsWith(candidate, this.at)) {
					operator = candidate;
					break;
				}
			}
			if (operator == null) {
				throw syntaxError("expected >=, >, < or <= after __TIMESTAMP__");
			}
			this.at += operator.length();
			skipSpace();
			String number = word();
			try {
				return new TimeBound(operator, Long.parseLong(number));
			}
			catch (NumberFormatException ex) {
				throw syntaxError("`" + number + "` is not whole milliseconds");
			}
		}

		/** A {@code quote}-delimited text, the quote doubled inside it. */
		private String quoted(char quote) {
			StringBuilder value = new StringBuilder();
			this.at++;
			while (true) {
				if (this.at >= this.text.length()) {
					throw syntaxError("unterminated " + quote);
				}
				char c = this.text.charAt(this.at++);
				if (c == quote) {
					if (this.at < this.text.length() && this.text.charAt(this.at) == quote) {
						value.append(quote);
						this.at++;
						continue;
					}
					return value.toString();
				}
				value.append(c);
			}
		}

		private String word() {
			int start = this.at;
			while (this.at < this.text.length()
					&& (Character.isLetterOrDigit(this.text.charAt(this.at)) || this.text.charAt(this.at) == '_'
							|| (this.at == start && this.text.charAt(this.at) == '-'))) {
				this.at++;
			}
			return this.text.substring(start, this.at);
		}

		private void skipSpace() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

	}

}
