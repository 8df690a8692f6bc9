package dev.logtally.sandbox;

import java.util.List;

/**
 * Texts that break naive CSV, spreadsheet, JSON and line-based handling. Each one targets a specific mistake, so the
 * dataset cycles through all of them rather than picking at random: every function with a few dozen logs carries
 * every kind.
 */
public final class HostileText {

	/** In cycle order; a log's {@code Log} and {@code RetMsg} take neighbouring entries. */
	public static final List<String> SAMPLES = List.of(
			// spreadsheet formula injection, with a quote and a comma inside
			"=HYPERLINK(\"http://evil.example/?q=1\",\"click, here\")",
			"+1+1 plus-led cell",
			"-2+3 minus-led cell",
			"@SUM(A1:A9) at-led cell",
			// record separators inside a field: a lone CR, a lone LF, and CRLF
			"before lone CR\rafter lone CR",
			"before lone LF\nafter lone LF",
			"before CRLF\r\nafter CRLF",
			"emoji 🚀🔥 in the middle, and a flag 🇨🇳 (two code points)",
			"函数运行日志，错误：调用超时（3秒）",
			"tab\tseparated\tcolumns, \"double quotes\", commas, and a backslash \\ as in C:\\temp\\new",
			// a quote-only field and a field that is a lone comma
			"\"",
			",",
			// JSON-looking text and an escape sequence that must stay literal
			"{\"statusCode\":500,\"body\":\"\\u0000 not a real NUL\"}",
			"  leading and trailing spaces  ",
			"mixed 混合 🚀\r\n=cmd|' /C calc'!A0\ttrailing backslash \\",
			// U+2028/U+2029 are legal in JSON strings but end lines in JavaScript and some log viewers
			"line\u2028separator and paragraph\u2029separator");

	private HostileText() {
	}

	public static String at(long index) {
		return SAMPLES.get((int) Math.floorMod(index, (long) SAMPLES.size()));
	}

}
