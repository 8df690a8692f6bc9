package dev.logtally.source.rds;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One audit-log file as {@code ListAuditlogs} listed it. Texts are kept as the API sent them, so the listing CSV holds
 * exactly what the source said.
 * @param sizeKb the listed size in KB, the decimal text of the JSON number ({@code 20481.835938})
 * @param beginTime {@code begin_time} as sent ({@code 2019-11-06T09:03:34+0800})
 * @param begin the same instant, parsed
 */
public record AuditLogFile(String id, String name, String sizeKb, String beginTime, String endTime, Instant begin) {

	/** Whether {@code bytes} agrees with the listed size: the listing rounds KB, so anything closer than 1 KB does. */
	public boolean sizeMatches(long bytes) {
		BigDecimal listed = new BigDecimal(this.sizeKb);
		BigDecimal actual = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024));
		return listed.subtract(actual).abs().compareTo(BigDecimal.ONE) < 0;
	}

}
