package dev.logtally.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.logtally.archive.RunEvidence;
import dev.logtally.archive.RunManifest;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

/**
 * A run report as one self-contained HTML page (inline CSS and SVG, no scripts, no external assets), for people and
 * for filing: what ran, where and why, with the run manifest's hash (the chain's head); the problems first; a
 * day-by-day chart per source and target of records written against the source's count; every window with its
 * manifest's hash; the versions the run superseded.
 *
 * <p>Every number a chart shows is text on the page, not only a tooltip; each chart has a legend and labelled axes;
 * a day with a window that is not MATCHED is hatched and marked in words, so that it differs from a day without logs
 * in colour, in a greyscale print and to a screen reader. A print stylesheet fits the charts to the page.
 */
public final class HtmlReport {

	private static final int CHART_HEIGHT = 160;

	/** Room left of the plot for the y axis's tick values and label. */
	private static final int LEFT = 70;

	/** Room above the plot for the legend and the values over the bars. */
	private static final int TOP = 46;

	/** Room below the plot for the days, their markers and the x axis's label. */
	private static final int BOTTOM = 58;

	private static final String EXPECTED = "#9e9e9e";

	private static final String WRITTEN = "#1a7f37";

	private static final String DIFFERENT = "#b42318";

	/** What each chart's legend says, in the order of its swatches. */
	private static final String[] LEGEND = { "expected (the source's count)", "written, agrees (duplicates aside)", "written, differs",
			"\u2717 a window not MATCHED" };

	/** How much of the page is made before it is handed on. */
	private static final int SPILL = 64 * 1024;

	private HtmlReport() {
	}

	/** The whole page, in memory: for tests and small runs. */
	public static String render(RunReport report) {
		StringWriter page = new StringWriter();
		try {
			render(report, page);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return page.toString();
	}

	/**
	 * Writes the page to {@code out} a piece at a time: a year's backfill has tens of thousands of windows, whose page
	 * (tens of MB, twice that as UTF-16) must not be held whole within the export's heap.
	 */
	public static void render(RunReport report, Writer out) throws IOException {
		StringBuilder html = new StringBuilder(SPILL + 4 * 1024);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>logtally ")
			.append(escapeHtml4(report.command()))
			.append(" of ")
			.append(escapeHtml4(report.job()))
			.append("</title>\n<style>\n")
			.append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}")
			.append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px}")
			.append("th{text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
			.append("tr.problem{background:#fde8e8}tr.problem td:first-child::before{content:\"\\2717  \"}")
			.append("td.hash,code{font-family:ui-monospace,monospace;word-break:break-all}")
			.append(".ok{color:#1a7f37}.bad{color:#b42318}")
			.append("svg{display:block;margin:.5em 0 1.5em;max-width:100%;height:auto}")
			.append("svg text{font-family:system-ui,sans-serif;fill:#222}svg text.marker{fill:#b42318;font-weight:bold}")
			.append("\n@media print{@page{margin:12mm}body{margin:0;font-size:10pt}")
			.append("*{-webkit-print-color-adjust:exact;print-color-adjust:exact}")
			.append("h2,h3{break-after:avoid}tr,svg{break-inside:avoid}table{width:100%}}")
			.append("\n</style>\n</head>\n<body>\n");
		html.append("<h1>logtally ")
			.append(escapeHtml4(report.command()))
			.append(" of <code>")
			.append(escapeHtml4(report.job()))
			.append("</code></h1>\n<p>Range [")
			.append(report.from())
			.append(", ")
			.append(report.to())
			.append("), run ")
			.append(report.executionId())
			.append(", <span class=\"")
			.append(report.exitCode() == 0 ? "ok" : "bad")
			.append("\">")
			.append(escapeHtml4(report.status()))
			.append(", exit code ")
			.append(report.exitCode())
			.append("</span>, finished ")
			.append(report.finishedAt())
			.append(report.highWaterMark() == null ? "" : ", high-water mark " + report.highWaterMark())
			.append(".</p>\n<p id=\"summary\">")
			.append(report.outcomes().size())
			.append(" windows:");
		report.verdicts().forEach((verdict, count) -> html.append(' ').append(count).append(' ').append(verdict));
		html.append("</p>\n");
		evidence(html, report);
		List<WindowOutcome> problems = report.outcomes()
			.stream()
			.filter((outcome) -> outcome.verdict() != Verdict.MATCHED)
			.toList();
		html.append("<h2>Problems</h2>\n");
		if (problems.isEmpty()) {
			html.append("<p class=\"ok\">None: every window MATCHED.</p>\n");
		}
		else {
			table(html, "problems", problems, report, out);
		}
		html.append("<h2>Day by day</h2>\n");
		charts(html, report.outcomes(), report.zone(), out);
		html.append("<h2>Windows</h2>\n");
		List<WindowOutcome> all = new ArrayList<>(report.outcomes());
		all.sort(Comparator.comparing((WindowOutcome outcome) -> outcome.verdict() == Verdict.MATCHED)
			.thenComparing(WindowOutcome::source)
			.thenComparing(WindowOutcome::target)
			.thenComparing((outcome) -> outcome.window().start()));
		table(html, "verdicts", all, report, out);
		superseded(html, report.evidence(), out);
		html.append("</body>\n</html>\n");
		out.write(html.toString());
	}

	/** Hands what the page holds so far to {@code out} once it is {@link #SPILL} long, and starts it again. */
	private static void spill(StringBuilder html, Writer out) throws IOException {
		if (html.length() >= SPILL) {
			out.write(html.toString());
			html.setLength(0);
		}
	}

	/** What an auditor files: what ran, from which spec, where, why, and the hash that anchors the archive's chain. */
	private static void evidence(StringBuilder html, RunReport report) {
		RunReport.Origin origin = report.origin();
		RunEvidence evidence = report.evidence();
		RunManifest.Link head = evidence.runManifest();
		html.append("<h2>Evidence</h2>\n<table id=\"evidence\">\n<tbody>\n");
		row(html, "run", Long.toString(report.executionId()), false);
		row(html, "job", report.job(), false);
		row(html, "command", report.command() + ", attempt " + evidence.attempt(), false);
		row(html, "range", "[" + report.from() + ", " + report.to() + ")", false);
		row(html, "reason", evidence.provenance().reason(), false);
		row(html, "requested by", evidence.provenance().requestedBy() + " at " + evidence.provenance().requestedAt(),
				false);
		row(html, "archive", origin.archive(), true);
		row(html, "run manifest", head == null ? "none: the run did not finish" : head.key(), head != null);
		row(html, "run manifest SHA-256 (chain head)", head == null ? "none" : head.sha256(), head != null);
		row(html, "signed with key", origin.signatureKeyId() == null ? "unsigned" : origin.signatureKeyId(),
				origin.signatureKeyId() != null);
		row(html, "spec SHA-256", origin.specSha256(), true);
		row(html, "logtally version", origin.logtallyVersion(), false);
		row(html, "host and user", origin.host() + ", " + origin.user(), false);
		row(html, "started", origin.startedAt().toString(), false);
		row(html, "finished", report.finishedAt().toString(), false);
		row(html, "exit code", report.exitCode() + " (" + report.status() + ")", false);
		html.append("</tbody>\n</table>\n");
	}

	private static void row(StringBuilder html, String name, String value, boolean code) {
		html.append("<tr><th>")
			.append(escapeHtml4(name))
			.append("</th><td")
			.append(code ? " class=\"hash\"" : "")
			.append('>')
			.append(escapeHtml4(value))
			.append("</td></tr>\n");
	}

	private static void superseded(StringBuilder html, RunEvidence evidence, Writer out) throws IOException {
		html.append("<h2>Versions superseded</h2>\n");
		List<RunEvidence.PublishedWindow> windows = evidence.superseded();
		if (windows.isEmpty()) {
			html.append("<p>None: this run replaced no window's data.</p>\n");
			return;
		}
		html.append("<table id=\"superseded\">\n<thead><tr><th>window manifest</th><th>version</th>")
			.append("<th>kept as</th><th>SHA-256</th><th>reason</th></tr></thead>\n<tbody>\n");
		for (RunEvidence.PublishedWindow window : windows) {
			html.append("<tr><td class=\"hash\">")
				.append(escapeHtml4(window.manifest().key()))
				.append("</td><td class=\"n\">")
				.append(window.version() - 1)
				.append(" by ")
				.append(window.version())
				.append("</td><td class=\"hash\">")
				.append(escapeHtml4(window.supersedes().key()))
				.append("</td><td class=\"hash\">")
				.append(window.supersedes().sha256())
				.append("</td><td>")
				.append(escapeHtml4(window.replacedBy().reason()))
				.append("</td></tr>\n");
			spill(html, out);
		}
		html.append("</tbody>\n</table>\n");
	}

	private static void table(StringBuilder html, String id, List<WindowOutcome> outcomes, RunReport report,
			Writer out) throws IOException {
		ZoneId zone = report.zone();
		html.append("<table id=\"").append(id).append("\">\n<thead><tr><th>source</th><th>target</th>")
			.append("<th>window</th><th>expected</th><th>read</th><th>duplicates</th><th>written</th>")
			.append("<th>verdict</th><th>why</th><th>manifest SHA-256</th></tr></thead>\n<tbody>\n");
		for (WindowOutcome outcome : outcomes) {
			WindowCounts counts = outcome.counts();
			html.append(outcome.verdict() == Verdict.MATCHED ? "<tr>" : "<tr class=\"problem\">")
				.append("<td>")
				.append(escapeHtml4(outcome.source()))
				.append("</td><td>")
				.append(escapeHtml4(outcome.target()))
				.append("</td><td>")
				.append(outcome.window().start().atZone(zone).toOffsetDateTime())
				.append(" to ")
				.append(outcome.window().end().atZone(zone).toOffsetDateTime())
				.append("</td><td class=\"n\">")
				// not known yet for a window not read in full
				.append(outcome.verdict().readInFull() ? Long.toString(counts.expected()) : "-")
				.append("</td><td class=\"n\">")
				.append(counts.read())
				.append("</td><td class=\"n\">")
				.append(counts.duplicates())
				.append("</td><td class=\"n\">")
				.append(counts.written())
				.append("</td><td>")
				.append(outcome.verdict())
				.append("</td><td>")
				.append(escapeHtml4(why(outcome)))
				.append("</td><td class=\"hash\">")
				.append(report.published(outcome).map((published) -> published.manifest().sha256()).orElse("-"))
				.append("</td></tr>\n");
			spill(html, out);
		}
		html.append("</tbody>\n</table>\n");
	}

	/** Why a window is not done, in words for people; empty for a window that is. */
	private static String why(WindowOutcome outcome) {
		return switch (outcome.verdict()) {
			case NOT_PUBLISHED -> "read " + outcome.counts().verdict() + " but not published: " + outcome.failure()
					+ "; the same command publishes it";
			case STOPPED -> "the run was stopped while it was read; the counts are its progress so far, and the same "
					+ "command resumes it";
			case NOT_STARTED -> "the run ended before it started; the same command exports it";
			default -> outcome.failure() == null ? "" : outcome.failure();
		};
	}

	/** One day of a chart: the sums of its windows, and the verdicts of those that are not MATCHED. */
	private static final class Day {

		long expected;

		long written;

		/** Records dropped as duplicates: read and counted by the source, rightly not written again. */
		long duplicates;

		final Set<Verdict> problems = EnumSet.noneOf(Verdict.class);

	}

	/**
	 * One bar chart per source and target: for each day in the job's zone (the archive's {@code dt=} date), the
	 * source's count and the records written, each with its value above it.
	 */
	private static void charts(StringBuilder html, List<WindowOutcome> outcomes, ZoneId zone, Writer out)
			throws IOException {
		Map<String, TreeMap<LocalDate, Day>> byTarget = new LinkedHashMap<>();
		for (WindowOutcome outcome : outcomes) {
			Day day = byTarget.computeIfAbsent(outcome.source() + "/" + outcome.target(), (key) -> new TreeMap<>())
				.computeIfAbsent(outcome.window().startDate(zone), (key) -> new Day());
			day.expected += outcome.counts().expected();
			day.written += outcome.counts().written();
			day.duplicates += outcome.counts().duplicates();
			if (outcome.verdict() != Verdict.MATCHED) {
				day.problems.add(outcome.verdict());
			}
		}
		int index = 0;
		for (Map.Entry<String, TreeMap<LocalDate, Day>> target : byTarget.entrySet()) {
			chart(html, ++index, target.getKey(), target.getValue(), zone, out);
		}
	}

	private static void chart(StringBuilder html, int index, String name, TreeMap<LocalDate, Day> days, ZoneId zone,
			Writer out) throws IOException {
		long largest = days.values().stream().mapToLong((day) -> Math.max(day.expected, day.written)).max().orElse(0);
		long top = niceCeiling(largest);
		// Wide enough for the largest value's digits over each bar, and for the day under the pair.
		int bar = Math.max(22, String.valueOf(largest).length() * 7 + 4);
		int column = 2 * bar + 14;
		// Never narrower than the legend above it.
		int plotWidth = Math.max(days.size() * column, legendWidth() - 8);
		int width = LEFT + plotWidth + 10;
		int height = TOP + CHART_HEIGHT + BOTTOM;
		int baseline = TOP + CHART_HEIGHT;
		String hatch = "hatch-" + index;
		html.append("<h3>")
			.append(escapeHtml4(name))
			.append("</h3>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
			.append(width)
			.append("\" height=\"")
			.append(height)
			.append("\" viewBox=\"0 0 ")
			.append(width)
			.append(' ')
			.append(height)
			.append("\" role=\"img\" aria-label=\"records expected and written per day for ")
			.append(escapeHtml4(name))
			.append("\">\n<defs><pattern id=\"")
			.append(hatch)
			.append("\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
			.append("<rect width=\"8\" height=\"8\" fill=\"#fde8e8\"/>")
			.append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"")
			.append(DIFFERENT)
			.append("\" stroke-width=\"3\"/></pattern></defs>\n");
		legend(html, hatch);
		// The y axis: its line, ticks with their values, and what it counts.
		html.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
			.append("\" y2=\"").append(baseline).append("\" stroke=\"#444\"/>\n");
		for (int tick = 0; tick <= 4; tick++) {
			long value = top * tick / 4;
			int y = baseline - (int) Math.round((double) value / top * CHART_HEIGHT);
			html.append("<line x1=\"").append(LEFT - 4).append("\" y1=\"").append(y).append("\" x2=\"")
				.append(LEFT + plotWidth).append("\" y2=\"").append(y)
				.append(tick == 0 ? "\" stroke=\"#444\"/>\n" : "\" stroke=\"#e4e4e4\"/>\n");
			text(html, "tick", LEFT - 6, y + 4, "end", 10, Long.toString(value));
		}
		html.append("<text class=\"axis\" x=\"14\" y=\"").append(TOP + CHART_HEIGHT / 2)
			.append("\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
			.append(TOP + CHART_HEIGHT / 2).append(")\">records</text>\n");
		int x = LEFT + 8;
		for (Map.Entry<LocalDate, Day> entry : days.entrySet()) {
			Day day = entry.getValue();
			boolean problem = !day.problems.isEmpty();
			if (problem) {
				// Hatched across the whole column: a failed day with nothing read must not look like a day without logs.
				html.append("<rect class=\"problem-day\" x=\"").append(x - 4).append("\" y=\"").append(TOP)
					.append("\" width=\"").append(2 * bar + 6).append("\" height=\"").append(CHART_HEIGHT)
					.append("\" fill=\"url(#").append(hatch).append(")\" opacity=\"0.6\"/>\n");
			}
			String day10 = entry.getKey().toString();
			bar(html, "expected", x, bar, day.expected, top, EXPECTED, "expected " + day.expected + " on " + day10);
			bar(html, "written", x + bar + 2, bar, day.written, top,
					day.expected == day.written + day.duplicates && !problem ? WRITTEN : DIFFERENT,
					"written " + day.written + " on " + day10);
			int middle = x + bar + 1;
			text(html, "day", middle, baseline + 14, "middle", 10, day10.substring(5));
			if (problem) {
				text(html, "marker", middle, baseline + 28, "middle", 10, "\u2717 " + String.join(" ",
						day.problems.stream().map(Verdict::name).toList()));
			}
			else if (day.expected == 0 && day.written == 0) {
				text(html, "empty", middle, baseline + 28, "middle", 10, "no logs");
			}
			x += column;
			spill(html, out);
		}
		text(html, "axis", LEFT + plotWidth / 2, height - 6, "middle", 11, "day (" + zone.getId() + ")");
		html.append("</svg>\n");
	}

	private static int legendWidth() {
		int width = 0;
		for (String entry : LEGEND) {
			width += 22 + entry.length() * 7;
		}
		return width;
	}

	private static void legend(StringBuilder html, String hatch) {
		int x = LEFT;
		String[][] keys = { { EXPECTED, LEGEND[0] }, { WRITTEN, LEGEND[1] }, { DIFFERENT, LEGEND[2] },
				{ "url(#" + hatch + ")", LEGEND[3] } };
		for (String[] key : keys) {
			html.append("<rect class=\"swatch\" x=\"").append(x).append("\" y=\"6\" width=\"12\" height=\"12\" fill=\"")
				.append(key[0]).append("\" stroke=\"#444\" stroke-width=\"0.5\"/>\n");
			text(html, "legend", x + 16, 16, "start", 11, key[1]);
			x += 22 + key[1].length() * 7;
		}
	}

	private static void bar(StringBuilder html, String kind, int x, int width, long value, long top, String colour,
			String title) {
		int height = (int) Math.round((double) value / top * CHART_HEIGHT);
		int y = TOP + CHART_HEIGHT - height;
		html.append("<rect class=\"bar ")
			.append(kind)
			.append("\" x=\"")
			.append(x)
			.append("\" y=\"")
			.append(y)
			.append("\" width=\"")
			.append(width)
			.append("\" height=\"")
			.append(height)
			.append("\" fill=\"")
			.append(colour)
			.append("\"><title>")
			.append(escapeHtml4(title))
			.append("</title></rect>\n");
		text(html, "value " + kind, x + width / 2, y - 3, "middle", 9, Long.toString(value));
	}

	private static void text(StringBuilder html, String kind, int x, int y, String anchor, int size, String text) {
		html.append("<text class=\"")
			.append(kind)
			.append("\" x=\"")
			.append(x)
			.append("\" y=\"")
			.append(y)
			.append("\" text-anchor=\"")
			.append(anchor)
			.append("\" font-size=\"")
			.append(size)
			.append("\">")
			.append(escapeHtml4(text))
			.append("</text>\n");
	}

	/**
	 * The axis's top: four ticks of 1, 2 or 5 times a power of ten, the smallest that reaches {@code value}, so
	 * that every tick's value is a round number.
	 */
	static long niceCeiling(long value) {
		for (long power = 1;; power *= 10) {
			for (long step : new long[] { 1, 2, 5 }) {
				if (4 * step * power >= value) {
					return 4 * step * power;
				}
			}
		}
	}

}
