package dev.logtally.source.rds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.RecordLayout;

/**
 * The archive's listing CSV for RDS audit logs: every documented field of {@code ListAuditlogs}, as the API sent it
 * ({@code size} is the decimal KB of the listing), then what became of the file itself.
 */
public final class RdsColumns {

	static final String ARCHIVED_HERE = "archived_here";

	static final String FILE_BYTES = "file_bytes";

	static final String SIZE_CHECK = "size_check";

	public static final String FILE = "file";

	public static final String FILE_SHA256 = "file_sha256";

	public static final RecordLayout LAYOUT = new RecordLayout(List.of("id", "name", "size", "begin_time", "end_time",
			ARCHIVED_HERE, FILE, FILE_BYTES, FILE_SHA256, SIZE_CHECK), false);

	private RdsColumns() {
	}

	/**
	 * @param here whether this window archives the file (its begin time lies in the window; a file that straddles
	 *     windows is listed by each of them but archived once)
	 * @param archived the file on disk, or {@code null} when not archived here or downloads are off
	 */
	static ExportRecord toRecord(AuditLogFile file, boolean here, ArchivedFile archived) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", file.id());
		fields.put("name", file.name());
		fields.put("size", file.sizeKb());
		fields.put("begin_time", file.beginTime());
		fields.put("end_time", file.endTime());
		fields.put(ARCHIVED_HERE, Boolean.toString(here));
		fields.put(FILE, archived == null ? "" : archived.path());
		fields.put(FILE_BYTES, archived == null ? "" : Long.toString(archived.bytes()));
		fields.put(FILE_SHA256, archived == null ? "" : archived.sha256());
		fields.put(SIZE_CHECK, archived == null ? "" : archived.sizeMatches() ? "OK" : "MISMATCH");
		return new ExportRecord(file.id(), file.begin().getEpochSecond(), fields);
	}

	/** A row's file for the window's manifest: id, path, bytes, SHA-256, listed size and the size check. */
	static Optional<Map<String, String>> manifestEntry(Map<String, String> row) {
		if (row.getOrDefault(FILE, "").isEmpty()) {
			return Optional.empty();
		}
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("id", row.get("id"));
		entry.put("path", row.get(FILE));
		entry.put("bytes", row.get(FILE_BYTES));
		entry.put("sha256", row.get(FILE_SHA256));
		entry.put("listedSizeKb", row.get("size"));
		entry.put("sizeCheck", row.get(SIZE_CHECK));
		return Optional.of(entry);
	}

	/**
	 * An audit-log file in the archive.
	 * @param path relative to the destination root
	 */
	record ArchivedFile(String path, long bytes, String sha256, boolean sizeMatches) {
	}

}
