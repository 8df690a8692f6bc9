package dev.logtally.sandbox.scf;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One synthetic SCF invocation log, with the documented {@code FunctionLog} fields of {@code GetFunctionLogs} in wire
 * order, plus the namespace and qualifier the log belongs to (the API filters on them but does not echo them).
 *
 * <p>{@code startTime} has second precision because the wire format ({@code yyyy-MM-dd HH:mm:ss}) cannot carry more.
 * {@code duration} is the exact JSON number text the emulator writes (for example {@code 12.345}): the official SDK
 * reads it into a {@code Float}, which cannot represent most such values, so anything that verifies an export must
 * compare the text, not a binary float.
 *
 * @param functionName {@code FunctionName}
 * @param retMsg {@code RetMsg}, the function's return value
 * @param requestId {@code RequestId}, the invocation id (not the API call's id)
 * @param startTime {@code StartTime}, whole seconds
 * @param retCode {@code RetCode}: 0 success, 1 user code exception, 433 time limit, 434 resource limit
 * @param invokeFinished {@code InvokeFinished}: 1 finished
 * @param duration {@code Duration} in milliseconds, as JSON number text
 * @param billDuration {@code BillDuration} in milliseconds
 * @param memUsage {@code MemUsage} in bytes
 * @param log {@code Log}
 * @param level {@code Level} (deprecated by the API, empty here)
 * @param source {@code Source} (deprecated by the API, empty here)
 * @param retryNum {@code RetryNum}
 * @param namespace the function's namespace, used for filtering only
 * @param qualifier the function version, used for filtering only
 */
public record ScfLogEntry(String functionName, String retMsg, String requestId, Instant startTime, long retCode,
		long invokeFinished, String duration, long billDuration, long memUsage, String log, String level,
		String source, long retryNum, String namespace, String qualifier) {

	private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

	public ScfLogEntry {
		Objects.requireNonNull(functionName, "functionName");
		Objects.requireNonNull(retMsg, "retMsg");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(startTime, "startTime");
		Objects.requireNonNull(duration, "duration");
		Objects.requireNonNull(log, "log");
		Objects.requireNonNull(level, "level");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(namespace, "namespace");
		Objects.requireNonNull(qualifier, "qualifier");
		if (startTime.getNano() != 0) {
			throw new IllegalArgumentException("startTime must be whole seconds: " + startTime);
		}
		if (!JSON_NUMBER.matcher(duration).matches()) {
			throw new IllegalArgumentException("duration is not a JSON number: " + duration);
		}
	}

	/** A copy with another {@code Log}; large logs are materialised this way, on demand. */
	ScfLogEntry withLog(String newLog) {
		return new ScfLogEntry(this.functionName, this.retMsg, this.requestId, this.startTime, this.retCode,
				this.invokeFinished, this.duration, this.billDuration, this.memUsage, newLog, this.level, this.source,
				this.retryNum, this.namespace, this.qualifier);
	}

	/** Avoids dumping megabyte-sized logs into assertion messages. */
	@Override
	public String toString() {
		String shownLog = this.log.length() > 200 ? this.log.substring(0, 200) + "…(" + this.log.length() + " chars)"
				: this.log;
		return "ScfLogEntry[" + this.namespace + "/" + this.functionName + ":" + this.qualifier + " requestId="
				+ this.requestId + " startTime=" + this.startTime + " retCode=" + this.retCode + " duration="
				+ this.duration + " retMsg=" + this.retMsg + " log=" + shownLog + "]";
	}

}
