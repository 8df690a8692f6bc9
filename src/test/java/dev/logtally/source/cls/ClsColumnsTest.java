package dev.logtally.source.cls;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.logtally.source.ExportRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A CLS log as the archive's row: fixed columns, every LogJson key a column of its own, and its natural key. */
class ClsColumnsTest {

	private static final long TIME = 1_793_491_201_005L;

	@Test
	void rendersTimeAsIsoUtcWithThreeFractionDigits() {
		ClsColumns columns = new ClsColumns();

		assertThat(columns.time(TIME)).isEqualTo("2026-11-01T00:00:01.005Z");
		assertThat(columns.time(TIME + 994)).isEqualTo("2026-11-01T00:00:01.999Z");
		assertThat(columns.time(TIME + 995)).isEqualTo("2026-11-01T00:00:02.000Z");
		assertThat(columns.time(0)).isEqualTo("1970-01-01T00:00:00.000Z");
	}

	@Test
	void aLogJsonKeyNamedLikeAFixedColumnKeepsAColumnOfItsOwn() {
		SortedMap<String, String> fields = new TreeMap<>();
		fields.put("Time", "the log's own time");
		fields.put("LogJson.x", "already prefixed");
		fields.put("x", "plain");
		ExportRecord record = new ClsColumns().toRecord(log("p", "1", fields));

		assertThat(record.fields().keySet()).containsExactly("Time", "TimeMs", "TopicId", "Source", "FileName",
				"HostName", "PkgId", "PkgLogId", "LogJson.LogJson.x", "LogJson.Time", "x");
		assertThat(record.fields()).containsEntry("Time", "2026-11-01T00:00:01.005Z")
			.containsEntry("LogJson.Time", "the log's own time")
			.containsEntry("LogJson.LogJson.x", "already prefixed")
			.containsEntry("x", "plain");
	}

	@Test
	void keepsHostileValuesAsTheyCame() {
		String hostile = "=HYPERLINK(\"x\")\r\n\"a\",b\u0000\u202e";
		ExportRecord record = new ClsColumns().toRecord(log("", "", new TreeMap<>(Map.of("msg", hostile))));

		assertThat(record.fields()).containsEntry("msg", hostile);
	}

	@Test
	void identifiesALogByTimeAndPacketIdsWhenBothAreGivenElseByItsWholeContent() {
		ClsLog withIds = log("pkg", "42", new TreeMap<>());
		ClsLog pkgOnly = log("pkg", "", new TreeMap<>());
		ClsLog other = new ClsLog(TIME, "t-1", "10.0.0.2", "", "", "pkg", "", "{}", new TreeMap<>());

		assertThat(ClsColumns.naturalKey(withIds)).isEqualTo(TIME + ":pkg:42");
		assertThat(ClsColumns.naturalKey(pkgOnly)).matches(TIME + ":[0-9a-f]{64}");
		assertThat(ClsColumns.naturalKey(pkgOnly)).isEqualTo(ClsColumns.naturalKey(log("pkg", "", new TreeMap<>())));
		assertThat(ClsColumns.naturalKey(other)).isNotEqualTo(ClsColumns.naturalKey(pkgOnly));
	}

	@Test
	void theContentKeyTellsApartLogsWhoseFieldsOnlyShiftBetweenParts() {
		ClsLog a = new ClsLog(TIME, "t", "ab", "c", "", "", "", "{}", new TreeMap<>());
		ClsLog b = new ClsLog(TIME, "t", "a", "bc", "", "", "", "{}", new TreeMap<>());

		assertThat(ClsColumns.naturalKey(a)).isNotEqualTo(ClsColumns.naturalKey(b));
	}

	@Test
	void theLeadingColumnsAreTheLayouts() {
		assertThat(ClsColumns.LAYOUT.leadingColumns()).containsExactly("Time", "TimeMs", "TopicId", "Source",
				"FileName", "HostName", "PkgId", "PkgLogId");
		assertThat(ClsColumns.LAYOUT.fileColumns(List.of("b", "Time", "a"))).containsExactly("Time", "TimeMs",
				"TopicId", "Source", "FileName", "HostName", "PkgId", "PkgLogId", "a", "b");
	}

	@Test
	void aFunctionsRowHasSCFsFieldsInTheirDocumentedOrderEvenWhenALogLacksThemThenItsOtherKeys() {
		SortedMap<String, String> fields = new TreeMap<>();
		// SCF's simplified format: no StartTime, Duration, MemUsage, Level or StatusCode
		fields.put("SCF_FunctionName", "order-api");
		fields.put("SCF_Namespace", "default");
		fields.put("SCF_LogTime", "1793491201005");
		fields.put("SCF_RequestId", "r-1");
		fields.put("SCF_Alias", "");
		fields.put("SCF_Qualifier", "$LATEST");
		fields.put("SCF_Message", "=cmd|' /C calc'!A0\r\nline two");
		fields.put("SCF_Type", "Custom");
		fields.put("SCF_RetryNum", "0");
		fields.put("app_key", "v");
		fields.put("Time", "the log's own");
		ExportRecord record = new ClsColumns(ClsColumns.FUNCTION_LAYOUT).toRecord(log("p", "1", fields));

		assertThat(ClsColumns.FUNCTION_LAYOUT.leadingColumns()).containsExactly("Time", "TimeMs", "TopicId", "Source",
				"FileName", "HostName", "PkgId", "PkgLogId", "SCF_FunctionName", "SCF_Namespace", "SCF_StartTime",
				"SCF_LogTime", "SCF_RequestId", "SCF_Duration", "SCF_Alias", "SCF_Qualifier", "SCF_MemUsage",
				"SCF_Level", "SCF_Message", "SCF_Type", "SCF_StatusCode", "SCF_RetryNum");
		assertThat(List.copyOf(record.fields().keySet()))
			.startsWith(ClsColumns.FUNCTION_LAYOUT.leadingColumns().toArray(String[]::new))
			.endsWith("LogJson.Time", "app_key")
			.hasSize(24);
		assertThat(record.fields()).containsEntry("SCF_StartTime", "")
			.containsEntry("SCF_StatusCode", "")
			.containsEntry("SCF_Message", "=cmd|' /C calc'!A0\r\nline two")
			.containsEntry("LogJson.Time", "the log's own");
		assertThat(ClsColumns.FUNCTION_LAYOUT.fileColumns(record.fields().keySet()))
			.isEqualTo(List.copyOf(record.fields().keySet()));
	}

	private static ClsLog log(String pkgId, String pkgLogId, SortedMap<String, String> fields) {
		return new ClsLog(TIME, "t-1", "10.0.0.1", "/var/log/app", "web-1", pkgId, pkgLogId, "{}", fields);
	}

}
