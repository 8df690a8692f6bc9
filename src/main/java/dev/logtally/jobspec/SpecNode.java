package dev.logtally.jobspec;

import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;

/**
 * A node of a YAML job spec together with its path ({@code sources[0].window}), so every problem found while reading
 * can name the field it is about. Problems are collected, not thrown, so one load reports all of them. Public so that
 * each source kind reads its own options and targets ({@code dev.logtally.source.SourceKind}); only the loader
 * creates nodes.
 */
public final class SpecNode {

	/** Names that end up in archive paths and lock names: no separators, no dots at the start. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private final JsonNode node;

	private final String path;

	private final List<String> problems;

	private final Map<String, Integer> lines;

	/** @param lines the line each value of the file starts on, by path, so that a problem can name it */
	SpecNode(JsonNode node, String path, List<String> problems, Map<String, Integer> lines) {
		this.node = node;
		this.path = path;
		this.problems = problems;
		this.lines = lines;
	}

	public String path() {
		return this.path;
	}

	public boolean isMissing() {
		return this.node == null || this.node.isMissingNode() || this.node.isNull();
	}

	public boolean isObject() {
		return !isMissing() && this.node.isObject();
	}

	public void problem(String message) {
		this.problems.add((this.path.isEmpty() ? "(top level)" : this.path) + ": " + message
				+ line(this.path, this.lines));
	}

	public SpecNode field(String name) {
		JsonNode child = isObject() ? this.node.get(name) : null;
		return new SpecNode(child, this.path.isEmpty() ? name : this.path + "." + name, this.problems,
				this.lines);
	}

	/** Reports every field of this object that is not in {@code known}: typos must not be silently ignored. */
	public void rejectUnknownFields(Set<String> known) {
		if (!isObject()) {
			return;
		}
		for (String name : this.node.propertyNames()) {
			if (!known.contains(name)) {
				field(name).problem("unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
			}
		}
	}

	/** The elements of a list; reports a problem if this is present but not a list. */
	public List<SpecNode> elements() {
		List<SpecNode> result = new ArrayList<>();
		if (isMissing()) {
			return result;
		}
		if (!this.node.isArray()) {
			problem("must be a list, got " + describe(this.node));
			return result;
		}
		for (int i = 0; i < this.node.size(); i++) {
			result.add(new SpecNode(this.node.get(i), this.path + "[" + i + "]", this.problems, this.lines));
		}
		return result;
	}

	public @Nullable String text(boolean required) {
		if (isMissing()) {
			if (required) {
				problem("is required");
			}
			return null;
		}
		if (this.node.isContainer()) {
			problem("must be a single value, not " + describe(this.node));
			return null;
		}
		if (this.node.isBoolean() || this.node.isFloatingPointNumber()) {
			// YAML read true or 1.10 as a boolean or a number; taking its text would silently turn 1.10 into 1.1.
			problem("must be text, got " + describe(this.node) + " (quote it if you mean the text)");
			return null;
		}
		String value = this.node.asString().strip();
		if (value.isEmpty()) {
			problem("must not be empty");
			return null;
		}
		return value;
	}

	public String text(String defaultValue) {
		String value = text(false);
		return value == null ? defaultValue : value;
	}

	public boolean bool(boolean defaultValue) {
		if (isMissing()) {
			return defaultValue;
		}
		if (this.node.isBoolean()) {
			return this.node.booleanValue();
		}
		// A quoted "true" is what the user meant, too.
		if (this.node.isString() && Set.of("true", "false").contains(this.node.stringValue().strip())) {
			return Boolean.parseBoolean(this.node.stringValue().strip());
		}
		problem("must be true or false, got " + describe(this.node));
		return defaultValue;
	}

	/**
	 * A whole number from {@code min} to {@code max}. Anything else, a fraction, text or a number past every integer
	 * type, is a problem that names the range.
	 */
	/** Whether the value is a whole number as YAML reads it ({@code 30}, not {@code "30"} nor {@code 30.0}). */
	public boolean isWholeNumber() {
		return !isMissing() && this.node.isIntegralNumber();
	}

	public int integer(int defaultValue, int min, int max) {
		if (isMissing()) {
			return defaultValue;
		}
		if (!this.node.isIntegralNumber()) {
			problem("must be a whole number between " + min + " and " + max + ", got " + describe(this.node));
			return defaultValue;
		}
		BigInteger value = this.node.bigIntegerValue();
		if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
			problem("must be between " + min + " and " + max + ", got " + value);
			return defaultValue;
		}
		return value.intValueExact();
	}

	public double decimal(double defaultValue, double exclusiveMin) {
		if (isMissing()) {
			return defaultValue;
		}
		if (!this.node.isNumber()) {
			problem("must be a number greater than " + exclusiveMin + ", got " + describe(this.node));
			return defaultValue;
		}
		double value = this.node.doubleValue();
		if (!(value > exclusiveMin) || Double.isInfinite(value)) {
			problem("must be a finite number greater than " + exclusiveMin + ", got " + this.node);
			return defaultValue;
		}
		return value;
	}

	/** A duration in ISO-8601 ({@code PT1H}, {@code P1D}) or short form ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}). */
	public @Nullable Duration duration(@Nullable Duration defaultValue) {
		String text = text(false);
		if (text == null) {
			return defaultValue;
		}
		Duration value = parseDuration(text);
		if (value == null) {
			problem("\"" + text + "\" is not a duration (use ISO-8601 like PT1H or P1D, or 500ms, 30s, 15m, 1h, 1d)");
			return defaultValue;
		}
		if (value.isNegative() || value.isZero()) {
			problem("must be positive, got " + text);
			return defaultValue;
		}
		return value;
	}

	public <T> @Nullable T choice(@Nullable T defaultValue, Function<String, @Nullable T> lookup, String known) {
		String text = text(false);
		if (text == null) {
			return defaultValue;
		}
		T value = lookup.apply(text);
		if (value == null) {
			problem("\"" + text + "\" is not one of: " + known);
			return defaultValue;
		}
		return value;
	}

	/**
	 * A required name that ends up in archive paths and lock names (an id): 1-64 letters, digits, '.', '-' or '_',
	 * starting with a letter or digit.
	 */
	public @Nullable String name() {
		String value = text(true);
		if (value != null && !NAME.matcher(value).matches()) {
			problem("\"" + value + "\" must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit");
			return null;
		}
		return value;
	}

	/**
	 * What a value is, for a problem's "got ...": text quoted, numbers and booleans as written, containers by kind.
	 * Credential values never reach it: a credential must be a mapping of env or file, and is refused unechoed if not.
	 */
	static String describe(JsonNode value) {
		if (value.isArray()) {
			return value.isEmpty() ? "an empty list" : "a list";
		}
		if (value.isObject()) {
			return value.isEmpty() ? "an empty mapping" : "a mapping";
		}
		if (value.isString()) {
			return "\"" + value.stringValue() + "\"";
		}
		if (value.isNull()) {
			return "no value";
		}
		return value.toString();
	}

	/** The path of the value a parser stopped at, as problems name fields: {@code sources[0].zone}. */
	static String pathOf(TokenStreamContext context) {
		List<String> steps = new ArrayList<>();
		for (TokenStreamContext step = context; step != null && !step.inRoot(); step = step.getParent()) {
			if (step.inArray()) {
				steps.add(0, "[" + Math.max(step.getCurrentIndex(), 0) + "]");
			}
			else if (step.currentName() != null) {
				steps.add(0, "." + step.currentName());
			}
		}
		String path = String.join("", steps);
		return path.startsWith(".") ? path.substring(1) : path;
	}

	/**
	 * The line each value starts on, by path, read from the parser's tokens: the tree keeps no locations.
	 * Paths are unique because a key given twice is refused before.
	 */
	static Map<String, Integer> lines(JsonParser parser) {
		Map<String, Integer> lines = new HashMap<>();
		for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
			if (token.isScalarValue() || token.isStructStart()) {
				// A mapping's or list's own context is already open at its first token: its path is its parent's.
				TokenStreamContext context = token.isStructStart() ? parser.streamReadContext().getParent()
						: parser.streamReadContext();
				lines.putIfAbsent(pathOf(context), parser.currentTokenLocation().getLineNr());
			}
		}
		return lines;
	}

	/**
	 * {@code " (line N)"}: the line of the value, or for a field that is missing, of the mapping that lacks it; nothing
	 * when neither is known.
	 */
	static String line(String path, Map<String, Integer> lines) {
		for (String at = path; !at.isEmpty(); at = at.substring(0, Math.max(0, Math.max(at.lastIndexOf('.'),
				at.lastIndexOf('['))))) {
			Integer line = lines.get(at);
			if (line != null && line > 0) {
				return " (line " + line + ")";
			}
		}
		return "";
	}

	/**
	 * Reports each field written without a value ({@code zone:}) that reading did not already report: an empty value
	 * is a slip (a value forgotten, or a section whose lines were commented out), never a request for the default.
	 */
	static void reportEmptyValues(@Nullable JsonNode root, List<String> problems, Map<String, Integer> lines) {
		if (root != null && root.isContainer()) {
			reportEmptyValues(root, "", problems, lines);
		}
	}

	private static void reportEmptyValues(JsonNode node, String path, List<String> problems,
			Map<String, Integer> lines) {
		if (node.isNull()) {
			boolean reported = problems.stream()
				.anyMatch((problem) -> problem.startsWith(path + ": ") || problem.startsWith(path + ".")
						|| problem.startsWith(path + "["));
			if (!reported) {
				problems.add(path + ": has no value; give one or leave the field out" + line(path, lines));
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				reportEmptyValues(node.get(i), path + "[" + i + "]", problems, lines);
			}
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				reportEmptyValues(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
						problems, lines);
			}
		}
	}

	/** {@code 90d}, {@code 36h}, {@code 500ms} or ISO-8601 ({@code P90D}); {@code null} when it is none of them. */
	public static @Nullable Duration parseDuration(String text) {
		Matcher shortForm = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
		if (shortForm.matches()) {
			long amount = Long.parseLong(shortForm.group(1));
			return switch (shortForm.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(text.toUpperCase(Locale.ROOT));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
