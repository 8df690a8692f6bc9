package dev.logtally.sandbox.sls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subset of the SLS search syntax the emulator understands: empty or {@code *} for everything, and
 * {@code key: value} terms (key and value optionally in double quotes) joined with {@code and}. A term matches a log
 * whose field equals the value exactly; {@code __topic__} and {@code __source__} can be used as keys. Anything else is
 * {@code InvalidQueryString}; analytics ({@code | SQL}) is refused with {@code ParameterInvalid}, so a client cannot
 * believe it tested SQL paging against the emulator.
 */
final class SearchQuery {

	private record Term(String key, String value) {
	}

	private static final SearchQuery ALL = new SearchQuery("", List.of());

	private final String text;

	private final List<Term> terms;

	private SearchQuery(String text, List<Term> terms) {
		this.text = text;
		this.terms = terms;
	}

	static SearchQuery parse(String text) {
		String trimmed = (text == null) ? "" : text.trim();
		if (trimmed.contains("|")) {
			throw SlsError.parameterInvalid(
					"SQL analytics (a query with '|') is not supported by the emulator: " + trimmed);
		}
		if (trimmed.isEmpty() || "*".equals(trimmed)) {
			return ALL;
		}
		List<Term> terms = new ArrayList<>();
		for (List<String> words : splitOnAnd(trimmed)) {
			if (words.size() == 1 && "*".equals(words.get(0))) {
				continue;
			}
			terms.add(term(String.join(" ", words), trimmed));
		}
		return new SearchQuery(trimmed, List.copyOf(terms));
	}

	boolean matchesAll() {
		return this.terms.isEmpty();
	}

	/** The query as the client sent it, trimmed; {@code ""} for everything. */
	String text() {
		return this.text;
	}

	boolean matches(StoredLogstore logstore, int index) {
		if (this.terms.isEmpty()) {
			return true;
		}
		SlsLog log = null;
		for (Term term : this.terms) {
			String actual;
			if ("__topic__".equals(term.key())) {
				actual = logstore.topic(index);
			}
			else if ("__source__".equals(term.key())) {
				actual = logstore.source(index);
			}
			else {
				log = (log != null) ? log : logstore.log(index);
				actual = log.fields().get(term.key());
			}
			if (!term.value().equals(actual)) {
				return false;
			}
		}
		return true;
	}

	/** Words separated by whitespace outside double quotes, grouped between {@code and} words (any case). */
	private static List<List<String>> splitOnAnd(String text) {
		List<List<String>> groups = new ArrayList<>();
		List<String> current = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : ' ';
			if (c == '"') {
				quoted = !quoted;
			}
			if (quoted || !Character.isWhitespace(c)) {
				word.append(c);
				continue;
			}
			if (word.isEmpty()) {
				continue;
			}
			if ("and".equals(word.toString().toLowerCase(Locale.ROOT))) {
				groups.add(current);
				current = new ArrayList<>();
			}
			else {
				current.add(word.toString());
			}
			word.setLength(0);
		}
		if (quoted) {
			throw invalid(text);
		}
		groups.add(current);
		if (groups.stream().anyMatch(List::isEmpty)) {
			throw invalid(text);
		}
		return groups;
	}

	private static Term term(String term, String query) {
		int colon = colonOutsideQuotes(term);
		if (colon < 0) {
			throw invalid(query);
		}
		String key = unquote(term.substring(0, colon).trim(), query);
		String rawValue = term.substring(colon + 1).trim();
		// an empty value must be asked for explicitly, as key: ""
		if (key.isEmpty() || rawValue.isEmpty()) {
			throw invalid(query);
		}
		String value = unquote(rawValue, query);
		return new Term(key, value);
	}

	private static int colonOutsideQuotes(String term) {
		boolean quoted = false;
		for (int i = 0; i < term.length(); i++) {
			char c = term.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ':' && !quoted) {
				return i;
			}
		}
		return -1;
	}

	/** A whole-quoted text loses its quotes; a bare text must not contain quotes, operators or wildcards. */
	private static String unquote(String text, String query) {
		if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
			String inner = text.substring(1, text.length() - 1);
			if (inner.contains("\"")) {
				throw invalid(query);
			}
			return inner;
		}
		if (text.contains("\"") || text.contains("*") || text.contains("?") || text.contains("(")
				|| text.contains(")") || text.contains(":")) {
			throw invalid(query);
		}
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.matches("(.*\\s)?(or|not)(\\s.*)?")) {
			throw invalid(query);
		}
		return text;
	}

	private static SlsError invalid(String query) {
		return SlsError.badRequest("InvalidQueryString", "The query string is invalid for the emulator, which supports "
				+ "only '*' and 'key: value' terms joined with 'and': " + query);
	}

}
