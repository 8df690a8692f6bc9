package dev.logtally.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, as Prometheus's own parser ({@code expfmt}) and a
 * node exporter's textfile collector apply it: no Java library on Maven Central parses this format (the Prometheus
 * Java client only writes it), and {@code promtool} is not installed on the build machines.
 *
 * <p>It rejects what they reject: a malformed name, label or value; a label given twice; a HELP or TYPE line given
 * twice, or a TYPE line after its family's samples; a family whose samples are not together; and the same series
 * (name and labels) twice, within one file or, through {@link #parseAll}, across the files of one textfile folder.
 */
public final class PrometheusText {

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

	/** One series' value. */
	public record Sample(String name, Map<String, String> labels, double value) {

		/** The series' identity, as Prometheus compares series. */
		public String series() {
			return this.name + this.labels;
		}

	}

	/** A metric family: its samples and what its HELP and TYPE lines say ({@code null} when absent). */
	public record Family(String name, String type, String help, List<Sample> samples) {
	}

	private PrometheusText() {
	}

	/** The families of one exposition, in order. */
	public static Map<String, Family> parse(String text) {
		Map<String, String> help = new LinkedHashMap<>();
		Map<String, String> types = new LinkedHashMap<>();
		Map<String, List<Sample>> samples = new LinkedHashMap<>();
		Set<String> series = new java.util.HashSet<>();
		String current = null;
		int number = 0;
		for (String line : text.split("\n", -1)) {
			number++;
			String where = "line " + number + " '" + line + "'";
			if (line.isBlank()) {
				continue;
			}
			if (line.startsWith("#")) {
				String[] parts = line.split(" ", 4);
				if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
					String name = name(parts[2], where);
					String value = parts.length == 4 ? parts[3] : "";
					if (samples.containsKey(name)) {
						throw new IllegalArgumentException(where + ": " + parts[1] + " after the samples of " + name);
					}
					if (parts[1].equals("HELP")) {
						if (help.put(name, unescape(value, false, where)) != null) {
							throw new IllegalArgumentException(where + ": second HELP for " + name);
						}
					}
					else {
						if (!TYPES.contains(value)) {
							throw new IllegalArgumentException(where + ": unknown type " + value);
						}
						if (types.put(name, value) != null) {
							throw new IllegalArgumentException(where + ": second TYPE for " + name);
						}
					}
				}
				continue;
			}
			Sample sample = sample(line, where);
			String family = family(sample.name(), types);
			if (!family.equals(current) && samples.containsKey(family)) {
				throw new IllegalArgumentException(where + ": samples of " + family + " are not together");
			}
			current = family;
			if (!series.add(sample.series())) {
				throw new IllegalArgumentException(where + ": series " + sample.series() + " given twice");
			}
			samples.computeIfAbsent(family, (key) -> new ArrayList<>()).add(sample);
		}
		Map<String, Family> families = new LinkedHashMap<>();
		samples.forEach((name, list) -> families.put(name,
				new Family(name, types.get(name), help.get(name), List.copyOf(list))));
		return families;
	}

	/**
	 * The samples of several files that one textfile collector reads together: it rejects a series that two of them
	 * hold, and a family that they describe with different HELP or TYPE.
	 */
	public static List<Sample> parseAll(List<String> texts) {
		Map<String, Family> seen = new LinkedHashMap<>();
		Set<String> series = new java.util.HashSet<>();
		List<Sample> all = new ArrayList<>();
		for (String text : texts) {
			for (Family family : parse(text).values()) {
				Family before = seen.putIfAbsent(family.name(), family);
				if (before != null && (!java.util.Objects.equals(before.type(), family.type())
						|| !java.util.Objects.equals(before.help(), family.help()))) {
					throw new IllegalArgumentException(family.name() + ": HELP or TYPE differ between files");
				}
				for (Sample sample : family.samples()) {
					if (!series.add(sample.series())) {
						throw new IllegalArgumentException("series " + sample.series() + " is in two files");
					}
					all.add(sample);
				}
			}
		}
		return all;
	}

	/** A histogram's or summary's {@code _bucket}, {@code _sum}, {@code _count} belong to their family. */
	private static String family(String name, Map<String, String> types) {
		for (String suffix : List.of("_bucket", "_sum", "_count")) {
			if (name.endsWith(suffix)) {
				String base = name.substring(0, name.length() - suffix.length());
				String type = types.get(base);
				if ("histogram".equals(type) || "summary".equals(type)) {
					return base;
				}
			}
		}
		return name;
	}

	private static Sample sample(String line, String where) {
		int position = 0;
		while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
			position++;
		}
		String name = name(line.substring(0, position), where);
		Map<String, String> labels = new LinkedHashMap<>();
		if (position < line.length() && line.charAt(position) == '{') {
			position++;
			while (true) {
				if (position >= line.length()) {
					throw new IllegalArgumentException(where + ": unterminated labels");
				}
				if (line.charAt(position) == '}') {
					position++;
					break;
				}
				int equals = line.indexOf('=', position);
				if (equals < 0) {
					throw new IllegalArgumentException(where + ": label without '='");
				}
				String label = line.substring(position, equals);
				if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
					throw new IllegalArgumentException(where + ": invalid label name '" + label + "'");
				}
				if (equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
					throw new IllegalArgumentException(where + ": label value of " + label + " is not quoted");
				}
				StringBuilder value = new StringBuilder();
				int at = equals + 2;
				while (true) {
					if (at >= line.length()) {
						throw new IllegalArgumentException(where + ": unterminated value of " + label);
					}
					char c = line.charAt(at);
					if (c == '"') {
						break;
					}
					if (c == '\\') {
						value.append('\\').append(line.charAt(at + 1));
						at += 2;
					}
					else {
						value.append(c);
						at++;
					}
				}
				if (labels.put(label, unescape(value.toString(), true, where)) != null) {
					throw new IllegalArgumentException(where + ": label " + label + " given twice");
				}
				position = at + 1;
				if (position < line.length() && line.charAt(position) == ',') {
					position++;
				}
				else if (position >= line.length() || line.charAt(position) != '}') {
					throw new IllegalArgumentException(where + ": expected ',' or '}' after the value of " + label);
				}
			}
		}
		if (position >= line.length() || line.charAt(position) != ' ') {
			throw new IllegalArgumentException(where + ": no value");
		}
		String[] rest = line.substring(position + 1).split(" ", -1);
		if (rest.length > 2 || rest[0].isEmpty()) {
			throw new IllegalArgumentException(where + ": expected a value and an optional timestamp");
		}
		if (rest.length == 2) {
			try {
				Long.parseLong(rest[1]);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(where + ": invalid timestamp " + rest[1]);
			}
		}
		return new Sample(name, Map.copyOf(labels), value(rest[0], where));
	}

	/** A Go float, as {@code strconv.ParseFloat} takes it: decimal or exponent notation, NaN and the infinities. */
	private static double value(String text, String where) {
		switch (text) {
			case "NaN":
				return Double.NaN;
			case "+Inf":
			case "Inf":
				return Double.POSITIVE_INFINITY;
			case "-Inf":
				return Double.NEGATIVE_INFINITY;
			default:
				if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
					throw new IllegalArgumentException(where + ": invalid value " + text);
				}
				return Double.parseDouble(text);
		}
	}

	private static String name(String name, String where) {
		if (!METRIC_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(where + ": invalid metric name '" + name + "'");
		}
		return name;
	}

	/** HELP escapes {@code \\} and {@code \n}; a label value also {@code \"}. Any other escape is an error. */
	private static String unescape(String text, boolean quotes, String where) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
			switch (next) {
				case '\\' -> out.append('\\');
				case 'n' -> out.append('\n');
				case '"' -> {
					if (!quotes) {
						// Prometheus keeps \" of a HELP text as it is.
						out.append("\\\"");
					}
					else {
						out.append('"');
					}
				}
				default -> {
					if (!quotes) {
						out.append('\\').append(next);
					}
					else {
						throw new IllegalArgumentException(where + ": invalid escape \\" + next);
					}
				}
			}
			i++;
		}
		return out.toString();
	}

}
