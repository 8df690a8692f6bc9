package dev.logtally.source.cls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.SpecException;
import dev.logtally.source.SourceKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code tencent-cls} source as a job spec gives it: its defaults, and each mistake named on its field. */
class ClsSpecTest {

	private static final String TOPIC = "0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d";

	private static final String CLS = """
			name: cls-hourly
			destination: {path: archive}
			sources:
			  - id: cls-gz
			    type: tencent-cls
			    region: ap-guangzhou
			    credentials:
			      secretId: {env: TC_SECRET_ID}
			      secretKey: {env: TC_SECRET_KEY}
			    targets:
			      - topic: 0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d
			      - id: order-errors
			        topic: 0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d
			        query: 'SCF_FunctionName:"order-api" AND SCF_Level:ERROR'
			""";

	@TempDir
	Path dir;

	@Test
	void readsACLSSourceWithItsDefaults() throws IOException {
		SourceSpec source = load(CLS);

		assertThat(source.type()).isEqualTo(new ClsKind());
		assertThat(source.endpoint()).isEqualTo(URI.create("https://cls.tencentcloudapi.com"));
		assertThat(source.window()).isEqualTo(Duration.ofHours(1));
		assertThat(source.pageSize()).isEqualTo(1000);
		assertThat(source.rateLimit()).isEqualTo(10.0);
		assertThat(source.timeZone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(source.options(ClsOptions.class)).isEqualTo(new ClsOptions("ap-guangzhou", Duration.ofMinutes(5)));
		assertThat(source.options().minimumSettleDelay()).contains(Duration.ofMinutes(5));
		assertThat(source.credentials()).containsOnlyKeys("secretId", "secretKey");
		assertThat(source.targets()).containsExactly(new ClsTarget(TOPIC, TOPIC, "*"),
				new ClsTarget("order-errors", TOPIC, "SCF_FunctionName:\"order-api\" AND SCF_Level:ERROR"));
	}

	@Test
	void takesATokenASettleDelayAPrivateEndpointAndADayLongWindow() throws IOException {
		SourceSpec source = load(CLS.replace("    region: ap-guangzhou\n", """
				    region: ap-guangzhou
				    endpoint: http://127.0.0.1:9000
				    settleDelay: 20m
				    window: 1d
				    pageSize: 1
				""").replace("      secretKey: {env: TC_SECRET_KEY}\n",
				"      secretKey: {env: TC_SECRET_KEY}\n      token: {env: TC_TOKEN}\n"));

		assertThat(source.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
		assertThat(source.options(ClsOptions.class).settleDelay()).isEqualTo(Duration.ofMinutes(20));
		assertThat(source.window()).isEqualTo(Duration.ofDays(1));
		assertThat(source.pageSize()).isEqualTo(1);
		assertThat(source.credentials()).containsOnlyKeys("secretId", "secretKey", "token");
	}

	@Test
	void crossChecksEachWindowWithAnSqlCountUnlessTheSpecTurnsItOff() throws IOException {
		assertThat(load(CLS).options(ClsOptions.class).sqlCount()).as("default").isTrue();
		assertThat(load(CLS.replace("    region: ap-guangzhou\n", "    region: ap-guangzhou\n    sqlCount: true\n"))
			.options(ClsOptions.class)
			.sqlCount()).isTrue();
		assertThat(load(CLS.replace("    region: ap-guangzhou\n", "    region: ap-guangzhou\n    sqlCount: false\n"))
			.options(ClsOptions.class)
			.sqlCount()).isFalse();
	}

	@Test
	void refusesAnSqlCountThatIsNotTrueOrFalseNamingTheField() throws IOException {
		Path file = write(CLS.replace("    region: ap-guangzhou\n", "    region: ap-guangzhou\n    sqlCount: sometimes\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.isInstanceOf(SpecException.class)
			.hasMessageContaining("sources[0].sqlCount: must be true or false, got \"sometimes\"");
	}

	@Test
	void refusesAnUnknownFieldOnTheSourceAndOnATarget() throws IOException {
		Path file = write(CLS.replace("    region: ap-guangzhou\n", "    region: ap-guangzhou\n    project: p\n")
			.replace("        query: 'SCF", "        logstore: x\n        query: 'SCF"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.isInstanceOf(SpecException.class)
			.hasMessageContaining("sources[0].project: unknown field")
			.hasMessageContaining("sources[0].targets[1].logstore: unknown field");
	}

	@Test
	void refusesSqlAnalyticsInAQuery() throws IOException {
		Path file = write(CLS.replace("AND SCF_Level:ERROR'", "AND SCF_Level:ERROR | select count(*)'"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets[1].query: SQL analytics (\"| ...\") are not exported");
	}

	@Test
	void requiresTheRegionAndNamesABadOne() throws IOException {
		Path missing = write(CLS.replace("    region: ap-guangzhou\n", ""));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(missing))
			.hasMessageContaining("sources[0].region: is required");

		Path bad = write(CLS.replace("region: ap-guangzhou", "region: Guangzhou"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(bad))
			.hasMessageContaining("sources[0].region: \"Guangzhou\" is not a Tencent Cloud region");
	}

	@Test
	void refusesAWindowOverADayAndAPageOverAThousand() throws IOException {
		Path file = write(CLS.replace("    region: ap-guangzhou\n",
				"    region: ap-guangzhou\n    window: 2d\n    pageSize: 1001\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].window: PT48H is longer than")
			.hasMessageContaining("tencent-cls")
			.hasMessageContaining("sources[0].pageSize: must be between 1 and 1000, got 1001");
	}

	@Test
	void refusesATopicThatIsNotATopicIdAndACredentialOfAnotherKind() throws IOException {
		Path file = write(CLS.replace("      - topic: 0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d\n",
				"      - topic: \"app/../log\"\n")
			.replace("      secretKey: {env: TC_SECRET_KEY}\n",
					"      secretKey: {env: TC_SECRET_KEY}\n      accessKeyId: {env: AK}\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets[0].topic: \"app/../log\" is not a CLS TopicId")
			.hasMessageContaining("accessKeyId");
	}

	private SourceSpec load(String yaml) throws IOException {
		return new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(yaml)).sources().get(0);
	}

	private Path write(String yaml) throws IOException {
		Path file = this.dir.resolve("job.yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
