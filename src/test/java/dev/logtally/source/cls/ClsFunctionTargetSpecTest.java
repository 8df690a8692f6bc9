package dev.logtally.source.cls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code function:} target of a {@code tencent-cls} source as a job spec gives it: SCF's name rules, its defaults,
 * the exact CQL statement it is read with, what its manifests record, and each mistake named on its field.
 */
class ClsFunctionTargetSpecTest {

	private static final String TOPIC = "0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d";

	private static final String FUNCTIONS = """
			name: cls-functions
			destination: {path: archive}
			sources:
			  - id: scf-logs
			    type: tencent-cls
			    region: ap-guangzhou
			    credentials:
			      secretId: {env: TC_SECRET_ID}
			      secretKey: {env: TC_SECRET_KEY}
			    targets:
			      - function: order-api
			      - id: payments-v2
			        function: payment_worker
			        namespace: prod-ns
			        qualifier: "2"
			        topic: 0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d
			""";

	@TempDir
	Path dir;

	@Test
	void readsFunctionTargetsWithTheDefaultNamespaceNoQualifierAndTheTopicLeftToGetFunction() throws IOException {
		SourceSpec source = load(FUNCTIONS);

		assertThat(source.targets()).containsExactly(
				new ClsFunctionTarget("order-api", "order-api", "default", null, null),
				new ClsFunctionTarget("payments-v2", "payment_worker", "prod-ns", "2", TOPIC));
		assertThat(source.options(ClsOptions.class).scfEndpoint())
			.isEqualTo(URI.create("https://scf.tencentcloudapi.com"));
	}

	@Test
	void readsAFunctionAsItsSCFFieldsInCQLWithTheQualifierOnlyWhenGiven() throws IOException {
		SourceSpec source = load(FUNCTIONS);
		ClsFunctionTarget plain = (ClsFunctionTarget) source.targets().get(0);
		ClsFunctionTarget versioned = (ClsFunctionTarget) source.targets().get(1);

		assertThat(plain.query()).isEqualTo("SCF_FunctionName:\"order-api\" AND SCF_Namespace:\"default\"");
		assertThat(versioned.query()).isEqualTo(
				"SCF_FunctionName:\"payment_worker\" AND SCF_Namespace:\"prod-ns\" AND SCF_Qualifier:\"2\"");
		assertThat(new ClsFunctionTarget("f", "fn", "default", "$LATEST", null).query())
			.endsWith(" AND SCF_Qualifier:\"$LATEST\"");
		assertThat(versioned.on("t-1")).as("read on its topic, and held to its fields exactly")
			.isEqualTo(new ClsTarget("payments-v2", "t-1", versioned.query(), Map.of("SCF_FunctionName",
					"payment_worker", "SCF_Namespace", "prod-ns", "SCF_Qualifier", "2")));
	}

	@Test
	void recordsFunctionNamespaceQualifierTopicAndStatementInManifests() throws IOException {
		SourceSpec source = load(FUNCTIONS);

		assertThat(source.targets().get(0).parameters()).containsExactly(Map.entry("function", "order-api"),
				Map.entry("namespace", "default"),
				Map.entry("query", "SCF_FunctionName:\"order-api\" AND SCF_Namespace:\"default\""));
		assertThat(source.targets().get(1).parameters()).containsOnlyKeys("function", "namespace", "qualifier",
				"topic", "query")
			.containsEntry("qualifier", "2")
			.containsEntry("topic", TOPIC);
	}

	@Test
	void takesAPrivateSCFEndpointAndRefusesOneWithAPath() throws IOException {
		SourceSpec source = load(FUNCTIONS.replace("    region: ap-guangzhou\n",
				"    region: ap-guangzhou\n    scfEndpoint: http://127.0.0.1:9001\n"));
		assertThat(source.options(ClsOptions.class).scfEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9001"));

		Path bad = write(FUNCTIONS.replace("    region: ap-guangzhou\n",
				"    region: ap-guangzhou\n    scfEndpoint: https://scf.tencentcloudapi.com/v3\n"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(bad))
			.hasMessageContaining("sources[0].scfEndpoint: \"https://scf.tencentcloudapi.com/v3\" must be an "
					+ "http:// or https:// base URL");
	}

	@Test
	void refusesNamesSCFRefusesABadQualifierAndABadTopicEachOnItsField() throws IOException {
		Path file = write(FUNCTIONS.replace("      - function: order-api\n", "      - function: 9-lives\n")
			.replace("namespace: prod-ns", "namespace: \"prod ns\"")
			.replace("qualifier: \"2\"", "qualifier: \"v2 AND *\"")
			.replace("topic: 0f9ad3a8", "topic: \"0f9ad3a8/../\"\n        extra: x\n        x: 0f9ad3a8"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets[0].function: \"9-lives\" is not an SCF function name")
			.hasMessageContaining("sources[0].targets[1].namespace: \"prod ns\" is not an SCF namespace name")
			.hasMessageContaining("sources[0].targets[1].qualifier: \"v2 AND *\" is not an SCF version or alias")
			.hasMessageContaining("sources[0].targets[1].topic: \"0f9ad3a8/../\" is not a CLS TopicId")
			.hasMessageContaining("sources[0].targets[1].extra: unknown field");
	}

	@Test
	void refusesAQueryOnAFunctionTargetWhoseStatementIsItsOwn() throws IOException {
		Path file = write(FUNCTIONS.replace("      - function: order-api\n",
				"      - function: order-api\n        query: '*'\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets[0].query: unknown field");
	}

	@Test
	void refusesASourceThatMixesTopicAndFunctionTargetsWhoseFilesHaveDifferentColumns() throws IOException {
		Path file = write(FUNCTIONS.replace("      - function: order-api\n",
				"      - function: order-api\n      - topic: " + TOPIC + "\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets: mixes topic: and function: targets; give them two "
					+ "tencent-cls sources");
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
