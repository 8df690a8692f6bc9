package dev.logtally.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.DeterministicJson;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
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
 */
public record RunReport(String job, String command, Instant from, Instant to, long executionId, String status,
		int exitCode, Instant finishedAt, List<WindowOutcome> outcomes, @Nullable Instant highWaterMark,
		ZoneId zone) {

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
		return DeterministicJson.render((json) -> {
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
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		});
	}

}
