package dev.logtally.sandbox.sls;

import java.util.List;

/**
 * Field values and keys that break naive CSV, spreadsheet, JSON and line-based handling of SLS logs. Each targets
 * one mistake; the dataset draws from them with its seed.
 */
final class HostileValues {

	static final List<String> VALUES = List.of(
			// spreadsheet formula prefixes, each with a delimiter or quote that must survive quoting
			"=1+2, then \"quoted\"",
			"+86 138 0013 8000",
			"-1,-2,-3",
			"@admin mentioned, see \"ticket\"",
			// the three line breaks, each on its own so a parser that handles only one of them is caught
			"first line\rsecond line after a lone CR",
			"first line\nsecond line after a lone LF",
			"first line\r\nsecond line after CRLF",
			"rocket 🚀, fire 🔥 and a flag 🇯🇵 (two code points)",
			"请求失败：上游服务超时，已重试 3 次",
			"col1\tcol2\tcol3",
			"path C:\\logs\\new\\table.txt and a trailing backslash \\",
			"\"",
			",",
			"",
			"   padded on both sides   ",
			"{\"level\":\"ERROR\",\"msg\":\"looks like JSON \\\" with an escaped quote\"}",
			"a line\u2028separator and a paragraph\u2029separator",
			"mixed 混合 🚀\r\n=HYPERLINK(\"http://evil.example\",\"x\")\ttab \\ end");

	/** Keys real logstores accept that a naive exporter may not: a space, Chinese, a comma. */
	static final List<String> KEYS = List.of("user agent", "用户名", "city,country");

	private HostileValues() {
	}

	static String value(int index) {
		return VALUES.get(Math.floorMod(index, VALUES.size()));
	}

}
