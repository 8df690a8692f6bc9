package dev.logtally.source.scf;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.FieldValues;
import dev.logtally.source.RecordLayout;
import org.jspecify.annotations.Nullable;

/**
 * The archive's CSV columns for SCF function logs: every documented {@code FunctionLog} field, in the order of the API
 * reference. A legacy-API export writes the same columns, so archives stay comparable.
 *
 * <p>One per window reader, so used by one thread at a time: it remembers the last {@code StartTime} it rendered.
 */
public final class FunctionLogColumns {

	public static final List<String> HEADER = List.of("FunctionName", "RetMsg", "RequestId", "StartTime", "RetCode",
			"InvokeFinished", "Duration", "BillDuration", "MemUsage", "Log", "Level", "Source", "RetryNum");

	public static final RecordLayout LAYOUT = new RecordLayout(HEADER, false);

	private final DateTimeFormatter startTime;

	/** The last StartTime rendered and its text: SCF times are whole seconds, shared by the logs of a busy second. */
	private @Nullable Instant lastStartTime;

	private String lastStartTimeText = "";

	/** @param zone the zone StartTime is rendered in (the source's), with its offset, ISO-8601 */
	public FunctionLogColumns(ZoneId zone) {
		this.startTime = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
	}

	public ExportRecord toRecord(FunctionLog log) {
		// In the order of HEADER; the record shares HEADER as its names, so staging needs no lookup per column.
		FieldValues fields = FieldValues.of(HEADER, text(log.functionName()), text(log.retMsg()), log.requestId(),
				startTime(log.startTime()), text(log.retCode()), text(log.invokeFinished()),
				text(log.duration()), text(log.billDuration()), text(log.memUsage()), text(log.log()), text(log.level()),
				text(log.source()), text(log.retryNum()));
		return new ExportRecord(log.naturalKey(), log.startTime().getEpochSecond(), fields);
	}

	private String startTime(Instant time) {
		// A DateTimeFormatter takes about a microsecond per log; the logs of a busy second share the text (issue 8).
		if (!time.equals(this.lastStartTime)) {
			this.lastStartTimeText = this.startTime.format(time);
			this.lastStartTime = time;
		}
		return this.lastStartTimeText;
	}

	private static String text(@Nullable String value) {
		return value == null ? "" : value;
	}

}
