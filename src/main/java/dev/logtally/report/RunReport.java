package dev.logtally.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.logtally.archive.DeterministicJson;
import dev.logtally.archive.Provenance;
import dev.logtally.archive.RunEvidence;
import dev.logtally.archive.RunManifest;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one run did, for machines (JSON) and people (HTML): the job, the range, how the run ended, and every window
 * with its counts and verdict. It holds names, times and counts, never a credential. A window read in full whose
 * publication failed is {@code NOT_PUBLISHED} with the verdict its counts had ({@code readVerdict}); the counts of a
 * window not read in full are its progress so far.
 * @param command the command that ran ({@code export}, {@code rerun}, {@code nightly}, {@code reconcile --repair})
 * @param executionId the job execution in the job repository
 * @param status how the execution ended (COMPLETED, FAILED, STOPPED)
 * @param exitCode the process's exit code for this run (128 + the signal's number for a run stopped by a signal)
 * @param highWaterMark the job's high-water mark after a nightly run, else {@code null}
 * @param zone the job's zone: a window's day is the date it starts on there, as its archive folder is named
 * @param origin where the run ran, from which spec, and into which archive
 * @param evidence what the archive holds of the run: its run manifest (the chain's head), provenance, and the
 *     manifest of every window it published, with the versions it superseded
 */
public record RunReport(String job, String command, Instant from, Instant to, long executionId, String status,
		int exitCode, Instant finishedAt, List<WindowOutcome> outcomes, @Nullable Instant highWaterMark,
		ZoneId zone, Origin origin, RunEvidence evidence) {

	/**
	 * Where and by what a run ran, as an auditor asks: none of it is a credential.
	 * @param archive the destination, a path or {@code s3://bucket/prefix}
	 * @param specSha256 the SHA-256 of the job spec file's bytes, as the job repository identifies the run
	 * @param logtallyVersion the version of logtally that ran
	 * @param host the machine's host name
	 * @param user the operating-system user of the process that wrote the report
	 * @param startedAt when the command started
	 * @param signatureKeyId the id of the key that signed the run manifest, or {@code null} for an unsigned run
	 */
	public record Origin(String archive, String specSha256, String logtallyVersion, String host, String user,
			Instant startedAt, @Nullable String signatureKeyId) {
	}

	public static final String FORMAT = "logtally.run-report/1";

	private static final JsonMapper READER = JsonMapper.builder().build();

	/**
	 * What {@code status} lists of a stored report, read back from what {@link #toJson} wrote. Lenient on purpose,
	 * unlike a manifest: a report is a convenience, not evidence, so one odd report still shows as far as it can be
	 * read; a field it lacks reads as empty and a time is kept as the text it is.
	 * @param exitCode the exit code as written
	 * @param highWaterMark the job's high-water mark after a nightly run, or {@code null}
	 * @param verdicts how many windows ended with each verdict, by the verdict's name, in the report's order
	 */
	public record Listing(String executionId, String finishedAt, String command, String from, String to,
			String status, String exitCode, @Nullable String highWaterMark, Map<String, Integer> verdicts) {
	}

	/**
	 * Reads what {@code status} lists of a report.
	 * @throws IllegalArgumentException with the parser's reason when the bytes are not JSON
	 */
	public static Listing listing(byte[] json) {
		JsonNode report;
		try {
			report = READER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
		}
		Map<String, Integer> verdicts = new LinkedHashMap<>();
		report.path("verdicts").properties().forEach((entry) -> verdicts.put(entry.getKey(), entry.getValue().asInt()));
		return new Listing(report.path("executionId").asString(), report.path("finishedAt").asString(),
				report.path("command").asString(), report.at("/range/from").asString(),
				report.at("/range/to").asString(), report.path("status").asString(),
				report.path("exitCode").asString(),
				report.has("highWaterMark") ? report.get("highWaterMark").asString() : null,
				Collections.unmodifiableMap(verdicts));
	}

	/** How many windows ended with each verdict. */
	public Map<Verdict, Integer> verdicts() {
		Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
		for (WindowOutcome outcome : this.outcomes) {
			counts.merge(outcome.verdict(), 1, Integer::sum);
		}
		return counts;
	}

	public byte[] toJson() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		writeJson(bytes);
		return bytes.toByteArray();
	}

	/** Writes {@link #toJson}'s bytes to {@code out} as they are made, and closes it. */
	public void writeJson(OutputStream out) {
		DeterministicJson.write(out, (json) -> {
			json.writeStartObject();
			json.writeStringProperty("format", FORMAT);
			json.writeStringProperty("job", this.job);
			json.writeStringProperty("command", this.command);
			json.writeName("range");
			json.writeStartObject();
			json.writeStringProperty("from", this.from.toString());
			json.writeStringProperty("to", this.to.toString());
			json.writeEndObject();
			json.writeNumberProperty("executionId", this.executionId);
			json.writeStringProperty("status", this.status);
			json.writeNumberProperty("exitCode", this.exitCode);
			json.writeStringProperty("finishedAt", this.finishedAt.toString());
			if (this.highWaterMark != null) {
				json.writeStringProperty("highWaterMark", this.highWaterMark.toString());
			}
			json.writeStringProperty("zone", this.zone.getId());
			json.writeStringProperty("startedAt", this.origin.startedAt().toString());
			json.writeStringProperty("archive", this.origin.archive());
			json.writeStringProperty("specSha256", this.origin.specSha256());
			json.writeStringProperty("logtallyVersion", this.origin.logtallyVersion());
			json.writeStringProperty("host", this.origin.host());
			json.writeStringProperty("user", this.origin.user());
			json.writeNumberProperty("attempt", this.evidence.attempt());
			json.writeName("provenance");
			writeProvenance(json, this.evidence.provenance());
			json.writeName("runManifest");
			writeLink(json, this.evidence.runManifest());
			json.writeName("signatureKeyId");
			if (this.origin.signatureKeyId() == null) {
				json.writeNull();
			}
			else {
				json.writeString(this.origin.signatureKeyId());
			}
			json.writeName("verdicts");
			json.writeStartObject();
			for (Map.Entry<Verdict, Integer> entry : verdicts().entrySet()) {
				json.writeNumberProperty(entry.getKey().name(), entry.getValue());
			}
			json.writeEndObject();
			json.writeName("windows");
			json.writeStartArray();
			for (WindowOutcome outcome : this.outcomes) {
				WindowCounts counts = outcome.counts();
				json.writeStartObject();
				json.writeStringProperty("source", outcome.source());
				json.writeStringProperty("target", outcome.target());
				json.writeStringProperty("start", outcome.window().start().toString());
				json.writeStringProperty("end", outcome.window().end().toString());
				json.writeStringProperty("day", outcome.window().startDate(this.zone).toString());
				json.writeNumberProperty("expected", counts.expected());
				json.writeNumberProperty("read", counts.read());
				json.writeNumberProperty("duplicates", counts.duplicates());
				json.writeNumberProperty("written", counts.written());
				json.writeStringProperty("verdict", outcome.verdict().name());
				if (outcome.verdict() == Verdict.NOT_PUBLISHED) {
					json.writeStringProperty("readVerdict", counts.verdict().name());
				}
				if (outcome.failure() != null) {
					json.writeStringProperty("failure", outcome.failure());
				}
				RunEvidence.PublishedWindow published = published(outcome).orElse(null);
				json.writeName("manifest");
				writeLink(json, published == null ? null : published.manifest());
				if (published != null) {
					json.writeNumberProperty("version", published.version());
				}
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeName("superseded");
			json.writeStartArray();
			for (RunEvidence.PublishedWindow window : this.evidence.superseded()) {
				json.writeStartObject();
				json.writeStringProperty("window", window.manifest().key());
				json.writeNumberProperty("version", window.version() - 1);
				json.writeStringProperty("key", window.supersedes().key());
				json.writeStringProperty("sha256", window.supersedes().sha256());
				json.writeStringProperty("reason", window.replacedBy().reason());
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	/** The manifest the archive holds for a window of this run, if it was published. */
	Optional<RunEvidence.PublishedWindow> published(WindowOutcome outcome) {
		return this.evidence.window(outcome.source(), outcome.target(), outcome.window().start());
	}

	private static void writeLink(JsonGenerator json, RunManifest.@Nullable Link link) {
		if (link == null) {
			json.writeNull();
			return;
		}
		json.writeStartObject();
		json.writeStringProperty("key", link.key());
		json.writeStringProperty("sha256", link.sha256());
		json.writeEndObject();
	}

	private static void writeProvenance(JsonGenerator json, Provenance provenance) {
		json.writeStartObject();
		json.writeStringProperty("reason", provenance.reason());
		json.writeStringProperty("requestedBy", provenance.requestedBy());
		json.writeStringProperty("requestedAt", provenance.requestedAt().toString());
		json.writeEndObject();
	}

}
