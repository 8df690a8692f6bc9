package dev.logtally.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

/**
 * A run report as one self-contained HTML page (inline CSS and SVG, no scripts, no external assets), for people: the
 * problems first, a day-by-day chart per source and target of records written against the source's count, then
 * every window.
 */
public final class HtmlReport {

	private static final int BAR_WIDTH = 18;

	private static final int CHART_HEIGHT = 120;

	private HtmlReport() {
	}

	public static String render(RunReport report) {
		StringBuilder html = new StringBuilder(16 * 1024);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>logtally ")
			.append(escapeHtml4(report.command()))
			.append(" of ")
			.append(escapeHtml4(report.job()))
			.append("</title>\n<style>\n")
			.append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}")
			.append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px}")
			.append("td.n{text-align:right;font-variant-numeric:tabular-nums}tr.problem{background:#fde8e8}")
			.append(".ok{color:#1a7f37}.bad{color:#b42318}svg{display:block;margin:.5em 0 1.5em}")
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
		List<WindowOutcome> problems = report.outcomes()
			.stream()
			.filter((outcome) -> outcome.verdict() != Verdict.MATCHED)
			.toList();
		html.append("<h2>Problems</h2>\n");
		if (problems.isEmpty()) {
			html.append("<p class=\"ok\">None: every window MATCHED.</p>\n");
		}
		else {
			table(html, "problems", problems, report.zone());
		}
		html.append("<h2>Day by day</h2>\n");
		charts(html, report.outcomes(), report.zone());
		html.append("<h2>Windows</h2>\n");
		List<WindowOutcome> all = new ArrayList<>(report.outcomes());
		all.sort(Comparator.comparing((WindowOutcome outcome) -> outcome.verdict() == Verdict.MATCHED)
			.thenComparing(WindowOutcome::source)
			.thenComparing(WindowOutcome::target)
			.thenComparing((outcome) -> outcome.window().start()));
		table(html, "verdicts", all, report.zone());
		html.append("</body>\n</html>\n");
		return html.toString();
	}

	private static void table(StringBuilder html, String id, List<WindowOutcome> outcomes, ZoneId zone) {
		html.append("<table id=\"").append(id).append("\">\n<thead><tr><th>source</th><th>target</th>")
			.append("<th>window</th><th>expected</th><th>read</th><th>duplicates</th><th>written</th>")
			.append("<th>verdict</th><th>why</th></tr></thead>\n<tbody>\n");
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
				.append("</td></tr>\n");
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

	/**
	 * One bar chart per source and target: for each day in the job's zone (the archive's {@code dt=} date), the
	 * source's count (grey) and the records written.
	 */
	private static void charts(StringBuilder html, List<WindowOutcome> outcomes, ZoneId zone) {
		Map<String, TreeMap<LocalDate, long[]>> byTarget = new LinkedHashMap<>();
		for (WindowOutcome outcome : outcomes) {
			LocalDate day = outcome.window().startDate(zone);
			long[] sums = byTarget.computeIfAbsent(outcome.source() + "/" + outcome.target(), (key) -> new TreeMap<>())
				.computeIfAbsent(day, (key) -> new long[2]);
			sums[0] += outcome.counts().expected();
			sums[1] += outcome.counts().written();
		}
		for (Map.Entry<String, TreeMap<LocalDate, long[]>> target : byTarget.entrySet()) {
			long max = Math.max(1, target.getValue().values().stream().mapToLong((sums) -> Math.max(sums[0], sums[1]))
				.max()
				.orElse(1));
			int width = target.getValue().size() * (2 * BAR_WIDTH + 10) + 10;
			html.append("<h3>")
				.append(escapeHtml4(target.getKey()))
				.append("</h3>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
				.append(width)
				.append("\" height=\"")
				.append(CHART_HEIGHT + 20)
				.append("\" role=\"img\" aria-label=\"expected and written per day for ")
				.append(escapeHtml4(target.getKey()))
				.append("\">\n");
			int x = 10;
			for (Map.Entry<LocalDate, long[]> day : target.getValue().entrySet()) {
				long[] sums = day.getValue();
				bar(html, x, sums[0], max, "#bbb", "expected " + sums[0] + " on " + day.getKey());
				bar(html, x + BAR_WIDTH, sums[1], max, sums[0] == sums[1] ? "#1a7f37" : "#b42318",
						"written " + sums[1] + " on " + day.getKey());
				html.append("<text x=\"")
					.append(x)
					.append("\" y=\"")
					.append(CHART_HEIGHT + 15)
					.append("\" font-size=\"9\">")
					.append(day.getKey().toString().substring(5))
					.append("</text>\n");
				x += 2 * BAR_WIDTH + 10;
			}
			html.append("</svg>\n");
		}
	}

	private static void bar(StringBuilder html, int x, long value, long max, String colour, String title) {
		int height = (int) Math.round((double) value / max * CHART_HEIGHT);
		html.append("<rect x=\"")
			.append(x)
			.append("\" y=\"")
			.append(CHART_HEIGHT - height)
			.append("\" width=\"")
			.append(BAR_WIDTH - 2)
			.append("\" height=\"")
			.append(height)
			.append("\" fill=\"")
			.append(colour)
			.append("\"><title>")
			.append(escapeHtml4(title))
			.append("</title></rect>\n");
	}

}
