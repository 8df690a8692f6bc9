package dev.logtally.archive;

import java.util.List;
import java.util.Map;

import dev.logtally.reconcile.WindowCounts;
import dev.logtally.reconcile.WindowOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * The manifest entry of one published window: what was asked, what the source counted, what was written, the file's
 * size and SHA-256, and the verdict.
 *
 * <p>Invariant: its bytes depend only on the window's content and counts, never on when or by which run it was
 * written, so a restarted export produces the same manifest as an uninterrupted one.
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
