package dev.logtally.archive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.logtally.jobspec.Compression;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
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
 * <p>This is the one place that knows the format: {@link #toJson} writes it and {@link #parse} reads it back, strictly,
 * for every reader (verify, reconcile, status, a window's versions), so that what a manifest means is defined once.
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

	private static final String BOUNDS = "[start, end)";

	/** Compiled once: {@code String.matches} compiles its pattern anew on every call, for every manifest verified. */
	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern BYTES = Pattern.compile("\\d{1,18}");

	private static final JsonMapper READER = JsonMapper.builder()
		// A second "verdict" in an edited manifest must not silently win over the first.
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * A file the window archived whole, as the verifier checks it: one entry of {@code archivedFiles}.
	 * @param path its key, relative to the archive's root
	 * @param bytes its size
	 * @param sha256 its SHA-256, lowercase hex
	 */
	public record ArchivedFile(String path, long bytes, String sha256) {
	}

	public String source() {
		return this.outcome.source();
	}

	public String target() {
		return this.outcome.target();
	}

	public Window window() {
		return this.outcome.window();
	}

	/** The export's verdict. */
	public Verdict verdict() {
		return this.outcome.verdict();
	}

	public WindowCounts counts() {
		return this.outcome.counts();
	}

	/** Whether the data file is compressed with gzip. */
	public boolean gzipped() {
		return Compression.GZIP.name().toLowerCase(Locale.ROOT).equals(this.compression);
	}

	/**
	 * The files the window archived whole, by path, size and SHA-256 ({@link #parse} has checked every entry has them).
	 */
	public List<ArchivedFile> archived() {
		return this.archivedFiles.stream()
			.map((entry) -> new ArchivedFile(entry.get("path"), Long.parseLong(entry.get("bytes")), entry.get("sha256")))
			.toList();
	}

	/**
	 * Reads a manifest {@link #toJson} wrote, strictly: anything else (not JSON, another format, a field missing, of
	 * another type, or a value logtally never writes) is refused rather than read as zero or empty. Fields it does not
	 * know are ignored; without them, what it returns writes the same bytes again.
	 * @param name how messages name the manifest ({@link ArchiveStore#describe}, or its key)
	 * @throws InvalidManifestException naming the manifest and what is wrong with it
	 */
	public static WindowManifest parse(byte[] json, String name) {
		JsonNode tree;
		try {
			tree = READER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidManifestException(name, " is not valid JSON (" + oneLine(ex.getOriginalMessage()) + ")");
		}
		if (tree == null || !tree.isObject()) {
			throw new InvalidManifestException(name, " is not a window manifest: not a JSON object");
		}
		Fields root = new Fields(tree, "", name);
		String format = root.string("format");
		if (!FORMAT.equals(format)) {
			throw new InvalidManifestException(name, " is not a window manifest: format " + quoted(format) + ", not "
					+ quoted(FORMAT));
		}
		String source = root.string("source");
		String sourceType = root.string("sourceType");
		String target = root.string("target");
		Map<String, String> query = Collections.unmodifiableMap(root.object("query").strings());
		Window window;
		try {
			window = new Window(root.instant("window.start"), root.instant("window.end"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidManifestException(name, ": " + ex.getMessage());
		}
		root.constant("window.bounds", BOUNDS);
		String sourceZone = root.string("window.sourceZone");
		String file = root.string("file");
		if (file.isEmpty() || file.contains("/") || file.equals(".") || file.equals("..")) {
			throw new InvalidManifestException(name, ": file " + quoted(file)
					+ " is not the name of a file beside the manifest");
		}
		String compression = root.oneOf("compression",
				Arrays.stream(Compression.values()).map((c) -> c.name().toLowerCase(Locale.ROOT)).toList());
		List<String> columns = root.stringArray("columns");
		long bytes = root.count("bytes");
		String sha256 = root.sha256("sha256");
		WindowCounts counts = new WindowCounts(root.count("counts.expected"), root.count("counts.read"),
				root.count("counts.duplicatesDropped"), root.count("counts.written"), root.count("counts.missedByCap"),
				root.whole("counts.countChangeDuringRead"), root.count("counts.notReadIncomplete"),
				new WindowCounts.FileCounts(root.count("counts.files.expected"), root.count("counts.files.archived"),
						root.count("counts.files.sizeMismatches")));
		List<Map<String, String>> archivedFiles = archivedFiles(root);
		// Only a window whose export is done is published, so only such a verdict can stand in a manifest.
		String verdict = root.oneOf("verdict",
				Arrays.stream(Verdict.values()).filter(Verdict::done).map(Verdict::name).toList());
		long missing = root.whole("missing");
		if (missing != counts.missing()) {
			throw new InvalidManifestException(name, ": missing " + missing + " is not counts.expected - counts.read, "
					+ counts.missing());
		}
		int version = 1;
		if (root.field("version") != null) {
			long written = root.whole("version");
			if (written < 2 || written > Integer.MAX_VALUE) {
				// A first version carries no version field; a later one counts from 2.
				throw new InvalidManifestException(name, ": version " + written + " is not a version logtally writes");
			}
			version = (int) written;
		}
		RunManifest.Link supersedes = null;
		Provenance provenance = null;
		if (version > 1) {
			if (root.whole("supersedes.version") != version - 1) {
				throw new InvalidManifestException(name, ": supersedes.version " + root.whole("supersedes.version")
						+ " is not the version before " + version);
			}
			supersedes = new RunManifest.Link(root.string("supersedes.manifest"), root.sha256("supersedes.sha256"));
			provenance = new Provenance(root.string("provenance.reason"), root.string("provenance.requestedBy"),
					root.instant("provenance.requestedAt"));
		}
		else if (root.field("supersedes") != null || root.field("provenance") != null) {
			throw new InvalidManifestException(name, ": a first version supersedes none, yet it has "
					+ (root.field("supersedes") != null ? "supersedes" : "provenance"));
		}
		return new WindowManifest(sourceType, sourceZone, query, file, compression, columns, bytes, sha256,
				archivedFiles, new WindowOutcome(source, target, window, counts, Verdict.valueOf(verdict), null),
				version, supersedes, provenance);
	}

	/** The entries of {@code archivedFiles}, each with a path, its bytes and its SHA-256; none when it is absent. */
	private static List<Map<String, String>> archivedFiles(Fields root) {
		JsonNode array = root.field("archivedFiles");
		if (array == null) {
			return List.of();
		}
		if (!array.isArray()) {
			throw new InvalidManifestException(root.name(), ": archivedFiles is not an array");
		}
		List<Map<String, String>> entries = new ArrayList<>();
		for (int i = 0; i < array.size(); i++) {
			Fields entry = root.object("archivedFiles[" + i + "]", array.get(i));
			String path = entry.string("path");
			if (path.isEmpty() || path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
				throw new InvalidManifestException(root.name(), ": " + entry.at() + "path " + quoted(path)
						+ " is not a key inside the archive");
			}
			String bytes = entry.string("bytes");
			if (!BYTES.matcher(bytes).matches()) {
				throw new InvalidManifestException(root.name(), ": " + entry.at() + "bytes " + quoted(bytes)
						+ " is not a number of bytes");
			}
			entry.sha256("sha256");
			entries.add(Collections.unmodifiableMap(entry.strings()));
		}
		return List.copyOf(entries);
	}

	/**
	 * The fields of one JSON object of a manifest, read strictly.
	 * @param at the object's path in the manifest, ending in a dot ({@code ""} for the manifest), for messages
	 * @param name how messages name the manifest
	 */
	private record Fields(JsonNode node, String at, String name) {

		/** The field at a dotted path, or {@code null} when it or an object on its way is absent. */
		@Nullable JsonNode field(String path) {
			JsonNode value = this.node;
			for (String part : path.split("\\.")) {
				if (!value.isObject()) {
					return null;
				}
				value = value.get(part);
				if (value == null || value.isNull()) {
					return null;
				}
			}
			return value;
		}

		JsonNode required(String path) {
			JsonNode value = field(path);
			if (value == null) {
				throw new InvalidManifestException(this.name, " has no " + this.at + path);
			}
			return value;
		}

		InvalidManifestException invalid(String path, String why) {
			return new InvalidManifestException(this.name, ": " + this.at + path + " " + why);
		}

		String string(String path) {
			JsonNode value = required(path);
			if (!value.isString()) {
				throw invalid(path, "is not a string");
			}
			return value.stringValue();
		}

		long whole(String path) {
			JsonNode value = required(path);
			if (!value.isIntegralNumber() || !value.canConvertToLong()) {
				throw invalid(path, "is not a whole number");
			}
			return value.longValue();
		}

		/** A number of records or bytes: whole and not negative. */
		long count(String path) {
			long count = whole(path);
			if (count < 0) {
				throw invalid(path, "is " + count + ", below zero");
			}
			return count;
		}

		Instant instant(String path) {
			String text = string(path);
			try {
				return Instant.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw invalid(path, quoted(text) + " is not an instant");
			}
		}

		String sha256(String path) {
			String text = string(path);
			if (!SHA256.matcher(text).matches()) {
				throw invalid(path, quoted(text) + " is not a SHA-256 in lowercase hex");
			}
			return text;
		}

		String oneOf(String path, List<String> values) {
			String text = string(path);
			if (!values.contains(text)) {
				throw invalid(path, quoted(text) + " is not one of " + String.join(", ", values));
			}
			return text;
		}

		void constant(String path, String value) {
			String text = string(path);
			if (!text.equals(value)) {
				throw invalid(path, quoted(text) + " is not " + quoted(value));
			}
		}

		List<String> stringArray(String path) {
			JsonNode array = required(path);
			if (!array.isArray()) {
				throw invalid(path, "is not an array");
			}
			List<String> values = new ArrayList<>();
			for (JsonNode value : array) {
				if (!value.isString()) {
					throw invalid(path, "holds a value that is not a string");
				}
				values.add(value.stringValue());
			}
			return List.copyOf(values);
		}

		Fields object(String path) {
			return object(path, required(path));
		}

		Fields object(String path, JsonNode value) {
			if (!value.isObject()) {
				throw invalid(path, "is not an object");
			}
			return new Fields(value, this.at + path + ".", this.name);
		}

		/** The object's fields in their order, each a string (or null, which a source's own value may be). */
		Map<String, String> strings() {
			Map<String, String> values = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> field : this.node.properties()) {
				JsonNode value = field.getValue();
				if (!value.isString() && !value.isNull()) {
					throw new InvalidManifestException(this.name, ": " + this.at + field.getKey() + " is not a string");
				}
				values.put(field.getKey(), value.isNull() ? null : value.stringValue());
			}
			return values;
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

	/**
	 * Writes the manifest. By hand rather than through a mapped record, on purpose: the format nests and names its
	 * fields otherwise than these records (counts under their own names, a version's fields only from version 2), and
	 * {@link #parse} must name the field and the reason when it refuses one, which a mapper's messages do not. Any
	 * change here changes every manifest's SHA-256, which run manifests record: {@code WindowManifestTest} holds the
	 * bytes.
	 */
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
			json.writeStringProperty("bounds", BOUNDS);
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
