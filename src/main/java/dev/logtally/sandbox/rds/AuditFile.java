package dev.logtally.sandbox.rds;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit-log file of an RDS instance, as {@code ListAuditlogs} lists it and as its download link serves it.
 * @param id the audit log id, e.g. {@code fa163ea0e2bet11e9d832166a2cf894c5br01}: the node, {@code t}, the time
 * fields of a version 1 UUID, its clock sequence and {@code br01}
 * @param name the file's path, ending in {@code _Audit_<uuid>}
 * @param sizeKb the listed {@code size}: decimal KB rounded to 6 decimals, which for a
 * {@linkplain RdsDataset.Builder#sizeMismatch mismatched} file is not {@code bytes / 1024}
 * @param begin the first record's time, whole seconds
 * @param end the last record's time, whole seconds, not before {@code begin}
 * @param bytes the exact length a download of the file delivers
 */
public record AuditFile(String id, String name, double sizeKb, Instant begin, Instant end, long bytes) {

	public AuditFile {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(begin, "begin");
		Objects.requireNonNull(end, "end");
		if (end.isBefore(begin)) {
			throw new IllegalArgumentException("end " + end + " before begin " + begin);
		}
		if (bytes < 0) {
			throw new IllegalArgumentException("bytes must not be negative");
		}
	}

	/** Whether the closed interval {@code [begin, end]} shares at least one instant with {@code [from, to]}. */
	public boolean overlaps(Instant from, Instant to) {
		return !this.begin.isAfter(to) && !this.end.isBefore(from);
	}

	/** Whether the listed size and the delivered length differ by more than the listing's rounding. */
	public boolean sizeMismatched() {
		return Math.abs(this.sizeKb * 1024 - this.bytes) > 1;
	}

}
