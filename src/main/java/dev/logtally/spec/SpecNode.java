package dev.logtally.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A node of a YAML job spec together with its path ({@code sources[0].window}), so every problem found while reading
 * can name the field it is about. Problems are collected, not thrown, so one load reports all of them.
 */
final class SpecNode {

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private final JsonNode node;

	private final String path;

	private final List<String> problems;

	SpecNode(JsonNode node, String path, List<String> problems) {
		this.node = node;
		this.path = path;
		this.problems = problems;
	}

	String path() {
		return this.path;
	}

	boolean isMissing() {
		return this.node == null || this.node.isMissingNode() || this.node.isNull();
	}

	boolean isObject() {
		return !isMissing() && this.node.isObject();
	}

	void problem(String message) {
		this.problems.add((this.path.isEmpty() ? "(top level)" : this.path) + ": " + message);
	}

	SpecNode field(String name) {
		JsonNode child = isObject() ? this.node.get(name) : null;
		return new SpecNode(child, this.path.isEmpty() ? name : this.path + "." + name, this.problems);
	}

	/** Reports every field of this object that is not in {@code known}: typos must not be silently ignored. */
	void rejectUnknownFields(Set<String> known) {
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
	List<SpecNode> elements() {
		List<SpecNode> result = new ArrayList<>();
		if (isMissing()) {
			return result;
		}
		if (!this.node.isArray()) {
			problem("must be a list");
			return result;
		}
		for (int i = 0; i < this.node.size(); i++) {
			result.add(new SpecNode(this.node.get(i), this.path + "[" + i + "]", this.problems));
		}
		return result;
	}

	@Nullable String text(boolean required) {
		if (isMissing()) {
			if (required) {
				problem("is required");
			}
			return null;
		}
		if (this.node.isContainer()) {
			problem("must be a single value, not " + (this.node.isArray() ? "a list" : "a mapping"));
			return null;
		}
		String value = this.node.asString().strip();
		if (value.isEmpty()) {
			problem("must not be empty");
			return null;
		}
		return value;
	}

	String text(String defaultValue) {
		String value = text(false);
		return value == null ? defaultValue : value;
	}

	boolean bool(boolean defaultValue) {
		if (isMissing()) {
			return defaultValue;
		}
		String text = text(true);
		if (!"true".equals(text) && !"false".equals(text)) {
			problem("must be true or false, got \"" + text + "\"");
			return defaultValue;
		}
		return Boolean.parseBoolean(text);
	}

	int integer(int defaultValue, int min, int max) {
		if (isMissing()) {
			return defaultValue;
		}
		if (!this.node.isIntegralNumber()) {
			problem("must be a whole number, got \"" + this.node.asString() + "\"");
			return defaultValue;
		}
		long value = this.node.asLong();
		if (value < min || value > max) {
			problem("must be between " + min + " and " + max + ", got " + value);
			return defaultValue;
		}
		return (int) value;
	}

	double decimal(double defaultValue, double exclusiveMin) {
		if (isMissing()) {
			return defaultValue;
		}
		if (!this.node.isNumber()) {
			problem("must be a number, got \"" + this.node.asString() + "\"");
			return defaultValue;
		}
		double value = this.node.asDouble();
		if (!(value > exclusiveMin) || Double.isInfinite(value)) {
			problem("must be greater than " + exclusiveMin + ", got " + value);
			return defaultValue;
		}
		return value;
	}

	/** A duration in ISO-8601 ({@code PT1H}, {@code P1D}) or short form ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}). */
	@Nullable Duration duration(@Nullable Duration defaultValue) {
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

	<T> @Nullable T choice(@Nullable T defaultValue, Function<String, @Nullable T> lookup, String known) {
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

	static @Nullable Duration parseDuration(String text) {
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
