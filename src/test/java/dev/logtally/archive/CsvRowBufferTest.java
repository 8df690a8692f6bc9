package dev.logtally.archive;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row buffer prints what commons-csv's own printer prints through a UTF-8 writer, byte for byte: archives written
 * before and after it was introduced must not differ, or every rerun would make a new version of every window.
 */
class CsvRowBufferTest {

	private static final List<String> VALUES = List.of("plain", "", "a,b", "say \"hi\"", "\"", "\"\"", ",", "cr\ronly",
			"lf\nonly", "crlf\r\nboth", " leading", "trailing ", "tab\there", "#comment-led", "=SUM(A1:A9)",
			"café crème", "函数运行日志，错误：调用超时", "emoji 🚀🔥 and a flag 🇨🇳", "\"🚀\" quoted emoji",
			"lone high \uD800 surrogate", "lone low \uDC00 surrogate", "\u2028\u2029", "\u0000 nul", "\\ back\\slash",
			// short values, which are copied char by char while ASCII: the first beyond it must be encoded, not cut
			"é", "🚀", "\u007f\u0080", "ÿ", "a\"é\"b", "0123456789abcdef", "0123456789abcdeé",
			"x\r\n\"".repeat(20_000));

	@Test
	void printsTheBytesOfCommonsCsvsPrinterThroughAUtf8Writer() throws Exception {
		List<List<String>> rows = rows();
		byte[] expected = printedByCommonsCsv(rows);

		ByteArrayOutputStream actual = new ByteArrayOutputStream();
		MessageDigest digest = Sha256.newDigest();
		try (CsvRowBuffer buffer = new CsvRowBuffer(actual, digest)) {
			for (List<String> row : rows) {
				buffer.printRow(row.toArray(String[]::new));
			}
		}

		assertThat(actual.toByteArray()).isEqualTo(expected);
		assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(Sha256.of(expected));
	}

	@Test
	void aValueRepeatedFromRowToRowPrintsAsCommonsCsvPrintsIt() throws Exception {
		// Columns that keep their value for a few rows, then change; rows of differing lengths; every hostile value
		// repeated in every place, the first (where an empty or '#'-led value is quoted) included.
		List<List<String>> rows = new ArrayList<>();
		for (int i = 0; i < VALUES.size() * 4; i++) {
			String slow = VALUES.get(i / 4);
			String fast = VALUES.get(i % VALUES.size());
			rows.add(List.of(slow, slow, "constant", fast, slow));
			rows.add(List.of(slow, slow));
			rows.add(List.of(slow, slow, "constant", slow, fast, "a later column"));
		}

		assertThat(printed(rows)).isEqualTo(printedByCommonsCsv(rows));
	}

	private static byte[] printedByCommonsCsv(List<List<String>> rows) throws Exception {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(expected, StandardCharsets.UTF_8),
				CsvRowBuffer.FORMAT)) {
			for (List<String> row : rows) {
				printer.printRecord(row);
			}
		}
		return expected.toByteArray();
	}

	private static byte[] printed(List<List<String>> rows) throws Exception {
		ByteArrayOutputStream actual = new ByteArrayOutputStream();
		try (CsvRowBuffer buffer = new CsvRowBuffer(actual)) {
			for (List<String> row : rows) {
				buffer.printRow(row);
			}
		}
		return actual.toByteArray();
	}

	/** Every value first in a row, in the middle and last, and many rows, so that pieces are handed on mid-way. */
	private static List<List<String>> rows() {
		List<List<String>> rows = new ArrayList<>();
		for (int round = 0; round < 50; round++) {
			for (int i = 0; i < VALUES.size(); i++) {
				rows.add(List.of(VALUES.get(i), VALUES.get((i + 1) % VALUES.size()),
						VALUES.get((i + round) % VALUES.size())));
			}
		}
		rows.add(List.of(""));
		return rows;
	}

}
