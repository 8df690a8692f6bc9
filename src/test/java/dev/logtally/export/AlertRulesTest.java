package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.logtally.metrics.RunMetrics;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.MutableClock;
import dev.logtally.testing.PrometheusText;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example alert rules ({@code docs/alerts/logtally.rules.yml}) are Prometheus rule groups whose every expression
 * names only series that a nightly run of logtally writes, by the label logtally writes them with.
 */
class AlertRulesTest {

	private static final Path RULES = Path.of("docs/alerts/logtally.rules.yml");

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Pattern METRIC = Pattern.compile("\\blogtally_[a-z_]+\\b");

	@TempDir
	Path dir;

	@Test
	void everyRuleIsAnAlertWithASummaryAndNamesOnlySeriesThatANightlyRunWrites() throws IOException {
		JsonNode groups = YAMLMapper.builder().build().readTree(RULES.toFile()).get("groups");
		assertThat(groups).as("groups").isNotNull();
		List<JsonNode> rules = new ArrayList<>();
		groups.forEach((group) -> {
			assertThat(group.path("name").asString()).isNotBlank();
			group.get("rules").forEach(rules::add);
		});
		Set<String> named = new TreeSet<>();
		for (JsonNode rule : rules) {
			String alert = rule.path("alert").asString();
			String expr = rule.path("expr").asString();
			assertThat(alert).as("alert name").matches("[A-Z][A-Za-z]+");
			assertThat(rule.at("/annotations/summary").asString()).as(alert).isNotBlank();
			assertThat(rule.at("/labels/severity").asString()).as(alert).isIn("critical", "warning", "info");
			assertThat(expr.chars().filter((c) -> c == '(').count()).as(alert + " parentheses")
				.isEqualTo(expr.chars().filter((c) -> c == ')').count());
			assertThat(expr).as(alert).doesNotContain("{job=").doesNotContain("exported_job");
			Matcher metric = METRIC.matcher(expr);
			while (metric.find()) {
				if (!metric.group().equals(RunMetrics.JOB_LABEL)) {
					named.add(metric.group());
				}
			}
		}
		assertThat(named).as("the series the rules watch").contains("logtally_last_exit_code",
				"logtally_last_success_timestamp_seconds", "logtally_high_water_mark_seconds",
				"logtally_throttled_total");

		Set<String> written = PrometheusText.parse(nightlyMetrics()).keySet();

		assertThat(written).containsAll(named);
	}

	/** The metrics file of a nightly run of one day against the sandbox. */
	private String nightlyMetrics() throws IOException {
		MutableClock clock = new MutableClock(
				LocalDateTime.parse("2026-11-02T03:00").atOffset(ZoneOffset.ofHours(8)).toInstant());
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDalerts", "alerts-key")
			.dataset(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(86_400), 20).build())
			.clock(clock)
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.name("alerts")
				.nightly("{start: 2026-11-01, settleDelay: 2h}")
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDalerts", "alerts-key")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			CliRun run = CliRun.at(clock, "nightly", "--job", spec.toString(), "--home",
					this.dir.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isZero();
		}
		return Files.readString(this.dir.resolve("home/metrics/alerts.prom"));
	}

}
