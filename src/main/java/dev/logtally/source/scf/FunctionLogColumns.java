package dev.logtally.source.scf;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * <p>One per window reader, so used by one thread at a time: it remembers the last minute (or time) it rendered.
 */
public final class FunctionLogColumns {

	public static final List<String> HEADER = List.of("FunctionName", "RetMsg", "RequestId", "StartTime", "RetCode",
			"InvokeFinished", "Duration", "BillDuration", "MemUsage", "Log", "Level", "Source", "RetryNum");

	public static final RecordLayout LAYOUT = new RecordLayout(HEADER, false);

	private final DateTimeFormatter startTime;

	/**
	 * The zone's offset as StartTime ends with it, when the zone is a fixed offset of whole minutes (the usual
	 * {@code +08:00}): then every StartTime of a minute shares its text up to the seconds. Otherwise {@code null}.
	 */
	private final @Nullable String fixedOffset;

	/** The minute, in epoch minutes, whose text up to the seconds is {@link #minuteText}. */
	private long minute = Long.MIN_VALUE;

	private String minuteText = "";

	/** With another zone: the last StartTime rendered and its text, shared by the logs of a busy second. */
	private @Nullable Instant lastStartTime;

	private String lastStartTimeText = "";

	/** @param zone the zone StartTime is rendered in (the source's), with its offset, ISO-8601 */
	public FunctionLogColumns(ZoneId zone) {
		this.startTime = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
		this.fixedOffset = zone.normalized() instanceof ZoneOffset offset && offset.getTotalSeconds() % 60 == 0
				? offset.getId() : null;
	}

	public ExportRecord toRecord(FunctionLog log) {
		// In the order of HEADER; the record shares HEADER as its names, so staging needs no lookup per column.
		FieldValues fields = FieldValues.of(HEADER, text(log.functionName()), text(log.retMsg()), log.requestId(),
				startTime(log.startTime()), text(log.retCode()), text(log.invokeFinished()),
				text(log.duration()), text(log.billDuration()), text(log.memUsage()), text(log.log()), text(log.level()),
				text(log.source()), text(log.retryNum()));
		return new ExportRecord(log.naturalKey(), log.startTime().getEpochSecond(), fields);
	}

	/** {@code StartTime} as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes it in the source's zone. */
	String startTime(Instant time) {
		// A DateTimeFormatter takes about a microsecond per log, more than half of building the record (issue 8). SCF
		// times are whole seconds: with a fixed offset, the minute is formatted once and each log's seconds appended.
		if (this.fixedOffset != null && time.getNano() == 0) {
			long epochMinute = Math.floorDiv(time.getEpochSecond(), 60);
			if (epochMinute != this.minute) {
				String text = this.startTime.format(Instant.ofEpochSecond(epochMinute * 60));
				// "...THH:mm:" of "...THH:mm:00+08:00"
				this.minuteText = text.substring(0, text.length() - 2 - this.fixedOffset.length());
				this.minute = epochMinute;
			}
			int second = (int) Math.floorMod(time.getEpochSecond(), 60);
			return this.minuteText + (char) ('0' + second / 10) + (char) ('0' + second % 10) + this.fixedOffset;
		}
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
