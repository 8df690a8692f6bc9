package dev.logtally.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.logtally.archive.Provenance;
import dev.logtally.archive.RunEvidence;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import dev.logtally.window.Window;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every run writes a JSON and an HTML report under {@code <home>/reports/<job>/}; the HTML page renders in headless
 * Chromium with its verdict table, the problems first, and a chart per target.
 */
class RunReportTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final RunReport.Origin ORIGIN = new RunReport.Origin("/srv/archive", "ab".repeat(32), "1.0.0",
			"host-1", "ops", Instant.parse("2026-11-02T18:59:00Z"), null);

	@TempDir
	Path dir;

	@Test
	void whatStatusListsOfAReportIsReadBackFromWhatTheReportWrote() throws IOException {
		Window day = new Window(NOV_1, NOV_1.plusSeconds(86_400));
		WindowCounts counts = new WindowCounts(5, 5, 0, 5, 0, 0, 0, WindowCounts.FileCounts.NONE);
		RunReport report = new RunReport("test-export", "nightly", day.start(), day.end(), 42, "COMPLETED", 0,
				Instant.parse("2026-11-02T19:00:00Z"),
				List.of(WindowOutcome.exported("scf-test", "fn-a", day, counts),
						WindowOutcome.notStarted("scf-test", "fn-b", day)),
				day.end(), ZoneId.of("Asia/Shanghai"), ORIGIN,
				RunEvidence.none(1, new Provenance("nightly", "ops", Instant.parse("2026-11-02T18:59:00Z"))));
		Path file = this.dir.resolve("reports/test-export/run.json");

		assertThat(RunReport.listing(report.toJson())).isEqualTo(new RunReport.Listing("42", "2026-11-02T19:00:00Z",
				"nightly", "2026-10-31T16:00:00Z", "2026-11-01T16:00:00Z", "COMPLETED", "0", "2026-11-01T16:00:00Z",
				Map.of("MATCHED", 1, "NOT_STARTED", 1)));
		Files.createDirectories(file.getParent());
		Files.writeString(file, "{\"format\" : ");
		assertThatIllegalArgumentException().isThrownBy(() -> new RunReports(file.getParent()).listing(file))
			.withMessageStartingWith(file + " is not a run report: ")
			.withMessageNotContaining("\n");
	}

	@Test
	void aYearsBackfillReportIsWrittenAPieceAtATimeWithTheSameBytesAsTheWholePage() throws IOException {
		List<WindowOutcome> outcomes = new ArrayList<>();
		for (int target = 1; target <= 100; target++) {
			for (int day = 0; day < 365; day++) {
				Window window = new Window(NOV_1.plusSeconds(86_400L * day), NOV_1.plusSeconds(86_400L * (day + 1)));
				long logs = (target + day) % 3;
				outcomes.add(WindowOutcome.exported("scf-test", "fn-" + target, window,
						new WindowCounts(logs, logs, 0, logs, 0, 0, 0, WindowCounts.FileCounts.NONE)));
			}
		}
		RunReport report = new RunReport("backfill", "export", NOV_1, NOV_1.plusSeconds(86_400L * 365), 7,
				"COMPLETED", 0, Instant.parse("2027-11-01T00:00:00Z"), outcomes, null, ZoneId.of("Asia/Shanghai"),
				ORIGIN, RunEvidence.none(1, new Provenance("export", "ops", Instant.parse("2027-10-31T23:00:00Z"))));
		int[] largest = new int[1];
		StringWriter page = new StringWriter() {
			@Override
			public void write(String piece) {
				largest[0] = Math.max(largest[0], piece.length());
				super.write(piece);
			}
		};

		HtmlReport.render(report, page);
		Path html = new RunReports(this.dir.resolve("reports")).write(report);

		// Tens of MB as a whole page; handed on in pieces of about 64 KB, so the export's heap never holds it whole.
		assertThat(page.toString()).hasSizeGreaterThan(20_000_000).contains("36500 windows: 36500 MATCHED");
		assertThat(largest[0]).isLessThan(80 * 1024);
		assertThat(Files.readString(html)).isEqualTo(HtmlReport.render(report));
		assertThat(Files.readAllBytes(html.resolveSibling(html.getFileName().toString().replace(".html", ".json"))))
			.isEqualTo(report.toJson());
	}

	@Test
	void aMatchedDayWhoseDuplicatesWereDroppedIsDrawnAsAgreeingNotAsADifference() {
		Window day = new Window(NOV_1, NOV_1.plusSeconds(86_400));
		Window next = new Window(day.end(), day.end().plusSeconds(86_400));
		RunReport report = new RunReport("test-export", "export", day.start(), next.end(), 42, "COMPLETED", 0,
				Instant.parse("2026-11-03T19:00:00Z"),
				List.of(WindowOutcome.exported("scf-test", "fn-a", day,
						new WindowCounts(14_502, 14_502, 5, 14_497, 0, 0, 0, WindowCounts.FileCounts.NONE)),
						WindowOutcome.exported("scf-test", "fn-a", next,
								new WindowCounts(100, 97, 0, 97, 0, 3, 0, WindowCounts.FileCounts.NONE))),
				null, ZoneId.of("Asia/Shanghai"), ORIGIN,
				RunEvidence.none(1, new Provenance("export", "ops", Instant.parse("2026-11-03T18:59:00Z"))));

		String html = HtmlReport.render(report);

		String bar = "<rect class=\"bar written\"[^>]*fill=\"%s\"[^>]*><title>written %d on %s</title>";
		assertThat(html).containsPattern(bar.formatted("#1a7f37", 14_497, "2026-11-01"))
			.containsPattern(bar.formatted("#b42318", 97, "2026-11-02"));
	}

	@Test
	void aRunWritesAJsonReportAndAnHtmlReportThatRendersInHeadlessChromium() throws Exception {
		CliRun run;
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDreport", "report-key")
			.dataset(ScfDataset.builder(9)
				.hostile(false)
				.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * 86_400), 3_000)
				.function("default", "gone-fn", NOV_1, NOV_1.plusSeconds(3 * 86_400), 30)
				.function("default", "quiet-fn", NOV_1, NOV_1.plusSeconds(3 * 86_400), 0)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			// gone-fn answers the check before the run, then is deleted.
			emulator.faults().deleteFunction("gone-fn", 1);
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.concurrency(1)
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDreport", "report-key")
				.function("fn-a")
				// Deleted during the run: three FAILED windows the report must show first, with why.
				.function("gone-fn")
				// No logs at all: three MATCHED days of 0, which must not look like gone-fn's failed ones.
				.function("quiet-fn")
				.writeTo(this.dir.resolve("job.yaml"));
			run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-04", "--home",
					this.dir.resolve("home").toString());
		}
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		Path reports = this.dir.resolve("home/reports/test-export");
		List<Path> files;
		try (Stream<Path> list = Files.list(reports)) {
			files = list.sorted().toList();
		}
		assertThat(files).hasSize(2);
		Path json = files.stream().filter((file) -> file.toString().endsWith(".json")).findFirst().orElseThrow();
		Path html = files.stream().filter((file) -> file.toString().endsWith(".html")).findFirst().orElseThrow();
		assertThat(run.out()).contains("Report: " + html);

		JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
		assertThat(report.get("format").asString()).isEqualTo(RunReport.FORMAT);
		assertThat(report.get("command").asString()).isEqualTo("export");
		assertThat(report.get("exitCode").asInt()).isEqualTo(1);
		assertThat(report.get("status").asString()).isEqualTo("FAILED");
		assertThat(report.at("/verdicts/MATCHED").asInt()).isEqualTo(6);
		assertThat(report.at("/verdicts/FAILED").asInt()).isEqualTo(3);
		assertThat(report.get("windows")).hasSize(9);
		assertThat(report.get("runManifest").isNull()).as("a failed run writes no run manifest").isTrue();

		String dom = renderedDom(html);
		assertThat(dom).contains("<table id=\"problems\">").contains("<table id=\"verdicts\">")
			.contains("<table id=\"evidence\">")
			.contains("<svg class=\"chart\"")
			.contains("9 windows: 6 MATCHED 3 FAILED");
		String problems = dom.substring(dom.indexOf("<table id=\"problems\">"), dom.indexOf("</table>",
				dom.indexOf("<table id=\"problems\">")));
		assertThat(problems).contains("FAILED").contains("gone-fn").contains("does not exist")
			.doesNotContain(">MATCHED<");
		assertThat(dom.split("class=\"bar ", -1)).as("two bars a day for three days, for each target")
			.hasSize(1 + 18);
		// Every bar's value is text on the page, not only in a tooltip, and so is every axis tick and legend entry.
		List<String> fnA = chartTexts(dom, "scf-test/fn-a");
		for (JsonNode window : report.get("windows")) {
			if (window.get("target").asString().equals("fn-a")) {
				assertThat(fnA).contains(window.get("expected").asString(), window.get("written").asString());
			}
		}
		assertThat(fnA).contains("0", "records", "expected (the source's count)", "written, agrees (duplicates aside)",
				"\u2717 a window not MATCHED", "day (+08:00)", "11-01", "11-02", "11-03");
		// A failed day is marked in words (and hatched); a day without logs says so, and is not marked.
		assertThat(chartTexts(dom, "scf-test/gone-fn")).contains("\u2717 FAILED").doesNotContain("no logs");
		assertThat(chartTexts(dom, "scf-test/quiet-fn")).contains("no logs").doesNotContain("\u2717 FAILED");
		assertThat(chart(dom, "scf-test/gone-fn")).contains("class=\"problem-day\"");
		assertThat(chart(dom, "scf-test/quiet-fn")).doesNotContain("class=\"problem-day\"");

		Path pdf = printedPdf(html);
		assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo("%PDF-");
	}

	/** The SVG chart of one source and target, as rendered. */
	private static String chart(String dom, String target) {
		int heading = dom.indexOf("<h3>" + target + "</h3>");
		assertThat(heading).as("the chart of " + target).isNotNegative();
		return dom.substring(heading, dom.indexOf("</svg>", heading));
	}

	/** The text of every {@code <text>} element of a chart. */
	private static List<String> chartTexts(String dom, String target) {
		return java.util.regex.Pattern.compile("<text[^>]*>([^<]*)</text>")
			.matcher(chart(dom, target))
			.results()
			.map((match) -> org.apache.commons.text.StringEscapeUtils.unescapeHtml4(match.group(1)))
			.toList();
	}

	/** The page printed to PDF by headless Chromium, as an operator would print it for filing. */
	private static Path printedPdf(Path html) throws IOException, InterruptedException {
		Path pdf = html.resolveSibling("printed.pdf");
		Process process = new ProcessBuilder(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--user-data-dir=" + html.resolveSibling("chromium-profile"),
				"--no-pdf-header-footer", "--print-to-pdf=" + pdf, html.toUri().toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
		assertThat(process.exitValue()).as("chromium's exit code").isZero();
		assertThat(pdf).isNotEmptyFile();
		return pdf;
	}

	private static Path chromium() {
		Path chromium = Path.of(System.getenv().getOrDefault("LOGTALLY_CHROMIUM", "/usr/bin/chromium"));
		if (!Files.isExecutable(chromium)) {
			// .ci/run installs Debian's chromium and sets LOGTALLY_REQUIRE_BROWSER, so CI never skips this test.
			assertThat(System.getenv("LOGTALLY_REQUIRE_BROWSER")).as(chromium + " is required").isNull();
			Assumptions.abort(chromium + " is not installed (apt-get install chromium); .ci/run installs it");
		}
		return chromium;
	}

	/** The page as headless Chromium parsed and rendered it. */
	private static String renderedDom(Path html) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--user-data-dir=" + html.resolveSibling("chromium-profile"), "--dump-dom",
				html.toUri().toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		byte[] dom = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
		assertThat(process.exitValue()).as("chromium's exit code").isZero();
		return new String(dom, java.nio.charset.StandardCharsets.UTF_8);
	}

}
