package dev.logtally.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * What one finished run published: every window manifest with its SHA-256 and verdict, and the SHA-256 of the job's
 * previous run manifest. The run manifests of a job form a hash chain (in the spirit of CloudTrail's log-file integrity
 * validation): altering or deleting a window manifest, or a run manifest inside the chain, breaks a hash that a later
 * manifest recorded.
 *
 * <p>Invariant: its bytes depend only on what was published and on the chain before it, never on when or by which
 * process it was written, so a restarted run writes the same run manifest as an uninterrupted one.
 * @param job the job spec's name
 * @param from the start of the run's range
 * @param to the end of the run's range
 * @param attempt which export of that range this was (a rerun is the next attempt)
 * @param sequence its place in the job's chain, from 1
 * @param previous the job's previous run manifest, or {@code null} for the first
 * @param windows the window manifests the run published, in the order of its windows
 * @param request why the run was asked for ({@code --reason}) and by whom, from its job parameters, so that a
 *     restarted run records the same; {@code null} only in a manifest written before it was recorded
 */
public record RunManifest(String job, Instant from, Instant to, long attempt, long sequence,
		@Nullable Link previous, List<Window> windows, @Nullable Request request) {

	public static final String FORMAT = "logtally.run-manifest/1";

	/**
	 * An object a manifest vouches for, by key and content hash.
	 * @param key the object's key
	 * @param sha256 its SHA-256, lowercase hex
	 */
	public record Link(String key, String sha256) {
	}

	/**
	 * A window manifest a run published.
	 * @param manifest the window manifest
	 * @param verdict the window's verdict
	 */
	public record Window(Link manifest, String verdict) {
	}

	/**
	 * Why a run was asked for and by whom, as its run manifest records it: the run's {@link Provenance} without the
	 * time it was asked for, which would make the same export to a local folder and to S3, or an uninterrupted run
	 * and a restarted one, differ in their bytes (the time is in the run's report).
	 * @param reason the operator's words ({@code --reason}), or what kind of run it was ({@code export}, {@code nightly})
	 * @param requestedBy the operating-system user who started the run
	 */
	public record Request(String reason, String requestedBy) {

		public static Request of(Provenance provenance) {
			return new Request(provenance.reason(), provenance.requestedBy());
		}

	}

	public RunManifest {
		windows = List.copyOf(windows);
	}

	/**
	 * Whether this is a manifest of the same run, written again after a crash or a repeated publication: the same job,
	 * range, attempt and request, publishing the same window manifests. (The spec's own hash is left out on purpose:
	 * it names the destination, and the same export must give the same run manifest in a local folder and in S3.)
	 */
	public boolean sameRunAs(RunManifest other) {
		return this.job.equals(other.job) && this.from.equals(other.from) && this.to.equals(other.to)
				&& this.attempt == other.attempt && this.windows.equals(other.windows)
				&& Objects.equals(this.request, other.request);
	}

	public byte[] toJson() {
		return DeterministicJson.render((json) -> {
			json.writeStartObject();
			json.writeStringProperty("format", FORMAT);
			json.writeStringProperty("job", this.job);
			json.writeName("range");
			json.writeStartObject();
			json.writeStringProperty("from", this.from.toString());
			json.writeStringProperty("to", this.to.toString());
			json.writeStringProperty("bounds", "[from, to)");
			json.writeEndObject();
			json.writeNumberProperty("attempt", this.attempt);
			json.writeNumberProperty("sequence", this.sequence);
			json.writeName("previous");
			if (this.previous == null) {
				json.writeNull();
			}
			else {
				writeLink(json, this.previous);
			}
			json.writeName("windows");
			json.writeStartArray();
			for (Window window : this.windows) {
				json.writeStartObject();
				json.writeStringProperty("manifest", window.manifest().key());
				json.writeStringProperty("sha256", window.manifest().sha256());
				json.writeStringProperty("verdict", window.verdict());
				json.writeEndObject();
			}
			json.writeEndArray();
			if (this.request != null) {
				json.writeName("provenance");
				json.writeStartObject();
				json.writeStringProperty("reason", this.request.reason());
				json.writeStringProperty("requestedBy", this.request.requestedBy());
				json.writeEndObject();
			}
			json.writeEndObject();
		});
	}

	private static void writeLink(JsonGenerator json, Link link) {
		json.writeStartObject();
		json.writeStringProperty("key", link.key());
		json.writeStringProperty("sha256", link.sha256());
		json.writeEndObject();
	}

	/**
	 * Reads a run manifest back.
	 * @throws IllegalArgumentException naming the field when the bytes are not a run manifest
	 */
	public static RunManifest parse(byte[] bytes) {
		JsonNode root = JsonFields.tree(bytes);
		if (!FORMAT.equals(JsonFields.text(root, "format"))) {
			throw new IllegalArgumentException("format is not " + FORMAT);
		}
		JsonNode range = JsonFields.required(root, "range");
		JsonNode previousNode = root.get("previous");
		Link previous = previousNode == null || previousNode.isNull() ? null
				: new Link(JsonFields.text(previousNode, "key"), JsonFields.text(previousNode, "sha256"));
		List<Window> windows = new ArrayList<>();
		for (JsonNode window : JsonFields.required(root, "windows")) {
			windows.add(new Window(new Link(JsonFields.text(window, "manifest"), JsonFields.text(window, "sha256")),
					JsonFields.text(window, "verdict")));
		}
		Instant from;
		Instant to;
		try {
			from = Instant.parse(JsonFields.text(range, "from"));
			to = Instant.parse(JsonFields.text(range, "to"));
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new IllegalArgumentException("range holds a time that is not ISO-8601", ex);
		}
		// Absent from manifests written before it was recorded; those still read.
		JsonNode provenance = root.get("provenance");
		Request request = provenance == null || provenance.isNull() ? null
				: new Request(JsonFields.text(provenance, "reason"), JsonFields.text(provenance, "requestedBy"));
		return new RunManifest(JsonFields.text(root, "job"), from, to, JsonFields.required(root, "attempt").asLong(),
				JsonFields.required(root, "sequence").asLong(), previous, windows, request);
	}

}
