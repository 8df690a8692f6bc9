package dev.logtally.source.cls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.FieldValues;
import dev.logtally.source.RecordLayout;

/**
 * The archive's CSV columns for CLS logs: {@code Time} (ISO-8601 UTC with milliseconds), {@code TimeMs} (epoch
 * milliseconds), {@code TopicId}, {@code Source}, {@code FileName}, {@code HostName}, {@code PkgId}, {@code PkgLogId},
 * then one column per key of the log's {@code LogJson}, sorted by name.
 *
 * <p>The files of {@code function:} targets ({@link #FUNCTION_LAYOUT}) have SCF's fields as leading columns too,
 * after those, in the order SCF documents them ({@link #SCF_FIELDS}), present even when a log lacks them (SCF's
 * simplified format drops some): each function's files have the same columns whatever its logs carried.
 *
 * <p>A {@code LogJson} key named like a leading column, or starting with {@value #RENAMED}, is written as
 * {@value #RENAMED} followed by the key: every key keeps a column of its own, and no key can take a leading one.
 */
public final class ClsColumns {

	public static final String TIME = "Time";

	public static final String TIME_MS = "TimeMs";

	public static final List<String> LEADING = List.of(TIME, TIME_MS, "TopicId", "Source", "FileName", "HostName",
			"PkgId", "PkgLogId");

	public static final RecordLayout LAYOUT = new RecordLayout(LEADING, true);

	/** The fields SCF writes into every log it delivers to CLS, in the order its documentation lists them. */
	public static final List<String> SCF_FIELDS = List.of("SCF_FunctionName", "SCF_Namespace", "SCF_StartTime",
			"SCF_LogTime", "SCF_RequestId", "SCF_Duration", "SCF_Alias", "SCF_Qualifier", "SCF_MemUsage", "SCF_Level",
			"SCF_Message", "SCF_Type", "SCF_StatusCode", "SCF_RetryNum");

	/** The columns of a source whose targets are SCF functions: the CLS columns, then SCF's fields. */
	public static final RecordLayout FUNCTION_LAYOUT = new RecordLayout(
			Stream.concat(LEADING.stream(), SCF_FIELDS.stream()).toList(), true);

	/** The prefix of a {@code LogJson} key that would otherwise collide. */
	static final String RENAMED = "LogJson.";

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private long lastSecond = Long.MIN_VALUE;

	private String lastSecondText = "";

	private final List<String> fixed;

	/** One per window reader, so used by one thread at a time: it remembers the last second it rendered. */
	ClsColumns() {
		this(LAYOUT);
	}

	/** @param layout {@link #LAYOUT} or {@link #FUNCTION_LAYOUT} */
	ClsColumns(RecordLayout layout) {
		this.fixed = layout.leadingColumns().subList(LEADING.size(), layout.leadingColumns().size());
	}

	ExportRecord toRecord(ClsLog log) {
		String[] names = new String[LEADING.size() + this.fixed.size() + log.fields().size()];
		String[] values = new String[names.length];
		String[] leading = { time(log.time()), Long.toString(log.time()), log.topicId(), log.source(), log.fileName(),
				log.hostName(), log.pkgId(), log.pkgLogId() };
		for (int i = 0; i < leading.length; i++) {
			names[i] = LEADING.get(i);
			values[i] = leading[i];
		}
		int count = leading.length;
		for (String name : this.fixed) {
			names[count] = name;
			values[count++] = log.fields().getOrDefault(name, "");
		}
		for (Map.Entry<String, String> field : log.fields().entrySet()) {
			if (this.fixed.contains(field.getKey())) {
				continue;
			}
			names[count] = column(field.getKey());
			values[count++] = field.getValue();
		}
		// Renaming can change a key's place among the sorted ones; the file's header sorts them again.
		return new ExportRecord(naturalKey(log), Math.floorDiv(log.time(), 1000L),
				FieldValues.of(List.of(Arrays.copyOf(names, count)), Arrays.copyOf(values, count)));
	}

	/** The column of a {@code LogJson} key. */
	static String column(String key) {
		return LEADING.contains(key) || key.startsWith(RENAMED) ? RENAMED + key : key;
	}

	/**
	 * Identifies a log within its window: {@code Time:PkgId:PkgLogId} when both ids are given, else {@code Time:} and
	 * the SHA-256 of the whole log. Two logs with the same key are the same log delivered twice.
	 */
	static String naturalKey(ClsLog log) {
		if (!log.pkgId().isEmpty() && !log.pkgLogId().isEmpty()) {
			return log.time() + ":" + log.pkgId() + ":" + log.pkgLogId();
		}
		return log.time() + ":" + contentHash(log);
	}

	/** Each part length-prefixed, so that no two different logs hash the same text. */
	private static String contentHash(ClsLog log) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (String part : List.of(log.topicId(), log.source(), log.fileName(), log.hostName(), log.pkgId(),
					log.pkgLogId(), log.logJson())) {
				byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
				sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
				sha256.update(bytes);
			}
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** ISO-8601 UTC with exactly three fraction digits. */
	String time(long epochMillis) {
		long second = Math.floorDiv(epochMillis, 1000L);
		if (second != this.lastSecond) {
			this.lastSecondText = SECONDS.format(Instant.ofEpochSecond(second));
			this.lastSecond = second;
		}
		String fraction = Long.toString(1000L + Math.floorMod(epochMillis, 1000L));
		return this.lastSecondText + "." + fraction.substring(1) + "Z";
	}

}
