package dev.logtally.source.scf;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.RecordLayout;
import org.jspecify.annotations.Nullable;

/**
 * The archive's CSV columns for SCF function logs: every documented {@code FunctionLog} field, in the order of the API
 * reference. A legacy-API export writes the same columns, so archives stay comparable.
 */
public final class FunctionLogColumns {

	public static final List<String> HEADER = List.of("FunctionName", "RetMsg", "RequestId", "StartTime", "RetCode",
			"InvokeFinished", "Duration", "BillDuration", "MemUsage", "Log", "Level", "Source", "RetryNum");

	public static final RecordLayout LAYOUT = new RecordLayout(HEADER, false);

	private final DateTimeFormatter startTime;

	/** @param zone the zone StartTime is rendered in (the source's), with its offset, ISO-8601 */
	public FunctionLogColumns(ZoneId zone) {
		this.startTime = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
	}

	public ExportRecord toRecord(FunctionLog log) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("FunctionName", text(log.functionName()));
		fields.put("RetMsg", text(log.retMsg()));
		fields.put("RequestId", log.requestId());
		fields.put("StartTime", this.startTime.format(log.startTime()));
		fields.put("RetCode", text(log.retCode()));
		fields.put("InvokeFinished", text(log.invokeFinished()));
		fields.put("Duration", text(log.duration()));
		fields.put("BillDuration", text(log.billDuration()));
		fields.put("MemUsage", text(log.memUsage()));
		fields.put("Log", text(log.log()));
		fields.put("Level", text(log.level()));
		fields.put("Source", text(log.source()));
		fields.put("RetryNum", text(log.retryNum()));
		return new ExportRecord(log.naturalKey(), log.startTime().getEpochSecond(), fields);
	}

	private static String text(@Nullable String value) {
		return value == null ? "" : value;
	}

}
