package dev.logtally.archive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manifest entry of one published window: what was asked, what the source counted, what was written, the file's
 * size and SHA-256, and the verdict.
 *
 * <p>Invariant: its bytes depend only on the window's content and counts, never on when or by which run it was
 * written, so a restarted export produces the same manifest as an uninterrupted one.
 *
 * <p>{@link #parse} reads back what {@link #toJson} writes, so that what a manifest means is defined in one place.
 * @param query the source-specific parameters that define the target (function, namespace, ...), in a stable order
 * @param archivedFiles the files the window archived whole (RDS audit logs), each with its path, bytes and SHA-256
 * @param version 1 for a window's first content; each export that changes it adds one
 * @param supersedes the manifest of the version this one replaced (kept under {@code <stem>.versions/<n>/}), by key
 *     and SHA-256, or {@code null} for version 1
 * @param provenance who replaced the previous version, when and why, or {@code null} for version 1
 */
public record WindowManifest(String sourceType, String sourceZone, Map<String, String> query, String file,
		String compression, List<String> columns, long bytes, String sha256, List<Map<String, String>> archivedFiles,
		WindowOutcome outcome, int version, RunManifest.@Nullable Link supersedes, @Nullable Provenance provenance) {

	/** A window's first version. */
	public WindowManifest(String sourceType, String sourceZone, Map<String, String> query, String file,
			String compression, List<String> columns, long bytes, String sha256,
			List<Map<String, String>> archivedFiles, WindowOutcome outcome) {
		this(sourceType, sourceZone, query, file, compression, columns, bytes, sha256, archivedFiles, outcome, 1,
				null, null);
	}

	public static final String FORMAT = "logtally.window-manifest/1";

	private static final JsonMapper READER = JsonMapper.builder()
		// A second "verdict" in an edited manifest must not silently win over the first.
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * What a published window manifest says about its window, as far as comparing it with its source needs.
	 * @param expected the source's count when the window was exported ({@code counts.expected})
	 * @param read the records read from the source ({@code counts.read})
	 * @param countChangeDuringRead how much the source's count changed while the window was paged
	 * @param verdict the export's verdict
	 * @param version 1 for a window's first content, else the version it is
	 */
	public record Summary(String source, String target, Window window, long expected, long read,
			long countChangeDuringRead, Verdict verdict, int version) {
	}

	/**
	 * Reads a manifest {@link #toJson} wrote, strictly: anything else (not JSON, another format, a field missing, of
	 * another type, or a value logtally never writes) is refused rather than read as zero or empty.
	 * @param name how messages name the manifest ({@link ArchiveStore#describe})
	 * @throws InvalidManifestException naming the manifest and what is wrong with it
	 */
	public static Summary parse(byte[] json, String name) {
		JsonNode root;
		try {
			root = READER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidManifestException(name + " is not valid JSON (" + oneLine(ex.getOriginalMessage()) + ")");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidManifestException(name + " is not a window manifest: not a JSON object");
		}
		String format = string(root, "format", name);
		if (!FORMAT.equals(format)) {
			throw new InvalidManifestException(name + " is not a window manifest: format " + quoted(format) + ", not "
					+ quoted(FORMAT));
		}
		Window window;
		try {
			window = new Window(instant(root, "window.start", name), instant(root, "window.end", name));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidManifestException(name + ": " + ex.getMessage());
		}
		String verdict = string(root, "verdict", name);
		// Only a window whose export is done is published, so only such a verdict can stand in a manifest.
		List<String> published = Arrays.stream(Verdict.values()).filter(Verdict::done).map(Verdict::name).toList();
		if (!published.contains(verdict)) {
			throw new InvalidManifestException(name + ": verdict " + quoted(verdict) + " is not one of "
					+ String.join(", ", published));
		}
		int version = 1;
		if (field(root, "version") != null) {
			long written = whole(root, "version", name);
			if (written < 2 || written > Integer.MAX_VALUE) {
				// A first version carries no version field; a later one counts from 2.
				throw new InvalidManifestException(name + ": version " + written + " is not a version logtally writes");
			}
			version = (int) written;
		}
		return new Summary(string(root, "source", name), string(root, "target", name), window,
				count(root, "counts.expected", name), count(root, "counts.read", name),
				whole(root, "counts.countChangeDuringRead", name), Verdict.valueOf(verdict), version);
	}

	/** The field at a dotted path, or {@code null} when it or an object on its way is absent. */
	private static @Nullable JsonNode field(JsonNode root, String path) {
		JsonNode node = root;
		for (String part : path.split("\\.")) {
			if (!node.isObject()) {
				return null;
			}
			node = node.get(part);
			if (node == null || node.isNull()) {
				return null;
			}
		}
		return node;
	}

	private static JsonNode required(JsonNode root, String path, String name) {
		JsonNode node = field(root, path);
		if (node == null) {
			throw new InvalidManifestException(name + " has no " + path);
		}
		return node;
	}

	private static String string(JsonNode root, String path, String name) {
		JsonNode node = required(root, path, name);
		if (!node.isString()) {
			throw new InvalidManifestException(name + ": " + path + " is not a string");
		}
		return node.stringValue();
	}

	private static long whole(JsonNode root, String path, String name) {
		JsonNode node = required(root, path, name);
		if (!node.isIntegralNumber() || !node.canConvertToLong()) {
			throw new InvalidManifestException(name + ": " + path + " is not a whole number");
		}
		return node.longValue();
	}

	/** A number of records: whole and not negative. */
	private static long count(JsonNode root, String path, String name) {
		long count = whole(root, path, name);
		if (count < 0) {
			throw new InvalidManifestException(name + ": " + path + " is " + count + ", below zero");
		}
		return count;
	}

	private static Instant instant(JsonNode root, String path, String name) {
		String text = string(root, path, name);
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidManifestException(name + ": " + path + " " + quoted(text) + " is not an instant");
		}
	}

	/** A value from the manifest, for a message: quoted, cut short and with no control character to break the line. */
	private static String quoted(String value) {
		String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
		StringBuilder quoted = new StringBuilder("\"");
		shown.codePoints().forEach((c) -> {
			if (Character.isISOControl(c) || c == '"' || c == '\\') {
				quoted.append(String.format("\\u%04x", c));
			}
			else {
				quoted.appendCodePoint(c);
			}
		});
		return quoted.append('"').toString();
	}

	private static String oneLine(@Nullable String message) {
		return message == null ? "unreadable" : message.replaceAll("\\s+", " ").strip();
	}

	public byte[] toJson() {
		return DeterministicJson.render((json) -> {
			WindowCounts counts = this.outcome.counts();
			json.writeStartObject();
			json.writeStringProperty("format", FORMAT);
			json.writeStringProperty("source", this.outcome.source());
			json.writeStringProperty("sourceType", this.sourceType);
			json.writeStringProperty("target", this.outcome.target());
			json.writeName("query");
			json.writeStartObject();
			for (Map.Entry<String, String> entry : this.query.entrySet()) {
				json.writeStringProperty(entry.getKey(), entry.getValue());
			}
			json.writeEndObject();
			json.writeName("window");
			json.writeStartObject();
			json.writeStringProperty("start", this.outcome.window().start().toString());
			json.writeStringProperty("end", this.outcome.window().end().toString());
			json.writeStringProperty("bounds", "[start, end)");
			json.writeStringProperty("sourceZone", this.sourceZone);
			json.writeEndObject();
			json.writeStringProperty("file", this.file);
			json.writeStringProperty("compression", this.compression);
			json.writeName("columns");
			json.writeStartArray();
			for (String column : this.columns) {
				json.writeString(column);
			}
			json.writeEndArray();
			json.writeNumberProperty("bytes", this.bytes);
			json.writeStringProperty("sha256", this.sha256);
			json.writeName("counts");
			json.writeStartObject();
			json.writeNumberProperty("expected", counts.expected());
			json.writeNumberProperty("read", counts.read());
			json.writeNumberProperty("duplicatesDropped", counts.duplicates());
			json.writeNumberProperty("written", counts.written());
			json.writeNumberProperty("missedByCap", counts.missed());
			json.writeNumberProperty("countChangeDuringRead", counts.drift());
			json.writeNumberProperty("notReadIncomplete", counts.incomplete());
			json.writeName("files");
			json.writeStartObject();
			json.writeNumberProperty("expected", counts.files().expected());
			json.writeNumberProperty("archived", counts.files().archived());
			json.writeNumberProperty("sizeMismatches", counts.files().sizeMismatches());
			json.writeEndObject();
			json.writeEndObject();
			if (!this.archivedFiles.isEmpty()) {
				json.writeName("archivedFiles");
				json.writeStartArray();
				for (Map<String, String> archived : this.archivedFiles) {
					json.writeStartObject();
					for (Map.Entry<String, String> field : archived.entrySet()) {
						json.writeStringProperty(field.getKey(), field.getValue());
					}
					json.writeEndObject();
				}
				json.writeEndArray();
			}
			json.writeStringProperty("verdict", this.outcome.verdict().name());
			json.writeNumberProperty("missing", counts.missing());
			if (this.version > 1) {
				// A first version carries none of these, so that its bytes stay those of an archive without versions.
				json.writeNumberProperty("version", this.version);
				json.writeName("supersedes");
				json.writeStartObject();
				json.writeNumberProperty("version", this.version - 1);
				json.writeStringProperty("manifest", this.supersedes.key());
				json.writeStringProperty("sha256", this.supersedes.sha256());
				json.writeEndObject();
				json.writeName("provenance");
				json.writeStartObject();
				json.writeStringProperty("reason", this.provenance.reason());
				json.writeStringProperty("requestedBy", this.provenance.requestedBy());
				json.writeStringProperty("requestedAt", this.provenance.requestedAt().toString());
				json.writeEndObject();
			}
			json.writeEndObject();
		});
	}

}
