package dev.logtally.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What the repository ships for users stays true: example specs load, configs parse, the quick start is as stated. */
class ShippedFilesTest {

	@Test
	void everyExampleJobSpecIsValid() throws IOException {
		List<Path> specs;
		try (Stream<Path> files = Files.list(Path.of("jobs"))) {
			specs = files.filter((file) -> file.toString().endsWith(".yaml")).toList();
		}
		assertThat(specs).isNotEmpty();
		for (Path spec : specs) {
			JobSpec loaded = new JobSpecLoader(SourceKinds.all(), Map.of()).load(spec);
			assertThat(loaded.sources()).isNotEmpty();
		}
	}

	/**
	 * A credentials file holds plain {@code KEY=value} lines (systemd's {@code EnvironmentFile=} reads the same file):
	 * sourced by cron's shell without {@code set -a}, they stay shell variables that the JVM never sees (exit 2).
	 */
	@Test
	void everyCrontabLineHandsTheCredentialsItSourcesToTheJvm(@TempDir Path dir) throws Exception {
		Path credentials = dir.resolve("credentials.env");
		Files.writeString(credentials, "TENCENT_SECRET_ID=AKIDfromTheFile\nTENCENT_SECRET_KEY=keyFromTheFile\n");
		List<String> lines = Files.readAllLines(Path.of("jobs/schedulers/crontab"))
			.stream()
			.filter((line) -> line.contains(" java -jar "))
			.toList();
		assertThat(lines).isNotEmpty();
		for (String line : lines) {
			// minute hour day month weekday user command: the command up to the JVM, then what the JVM would get
			String command = line.trim().split("\\s+", 7)[6];
			String beforeJvm = command.substring(0, command.indexOf("java -jar "))
				.replace("/etc/logtally/credentials.env", credentials.toString());
			Process shell = new ProcessBuilder("sh", "-c", beforeJvm + "env").redirectErrorStream(true).start();
			String environment = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(shell.waitFor()).as(line).isZero();
			assertThat(environment).as(line).contains("TENCENT_SECRET_ID=AKIDfromTheFile");
		}
	}

	@Test
	void everySchedulerExampleRunsNightlyWithAJobSpec() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("jobs/schedulers"))) {
			// A systemd timer only starts its service.
			for (Path file : files.filter((file) -> !file.toString().endsWith(".timer")).toList()) {
				assertThat(Files.readString(file)).as(file.toString()).containsPattern("nightly\\W+--job");
			}
		}
		// The file also defines the volume, the spec's ConfigMap and the Secret the CronJob uses.
		JsonNode cronJob = documents(Path.of("jobs/schedulers/cronjob.yaml")).stream()
			.filter((document) -> "CronJob".equals(document.get("kind").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(cronJob.at("/spec/jobTemplate/spec/template/spec/containers/0/args/0").asString()).isEqualTo("nightly");
	}

	@Test
	void theKubernetesScaleOutExampleRunsWorkersAndAManagerOfTheSameSpec() throws IOException {
		// Besides the workers and the manager, the file defines the volume, ConfigMaps and Secrets they use.
		List<JsonNode> pods = documents(Path.of("jobs/kubernetes/scale-out.yaml")).stream()
			.filter((document) -> List.of("Deployment", "CronJob").contains(document.get("kind").asString()))
			.toList();
		assertThat(pods).extracting((document) -> document.get("kind").asString())
			.containsExactly("Deployment", "CronJob");
		String worker = pods.get(0).at("/spec/template/spec/containers/0/args").toString();
		String manager = pods.get(1).at("/spec/jobTemplate/spec/template/spec/containers/0/args").toString();
		assertThat(worker).contains("\"worker\",\"--job\",\"/var/lib/logtally/specs/scf-functions.yaml\"")
			.contains("--broker");
		assertThat(manager).contains("\"nightly\",\"--job\",\"/var/lib/logtally/specs/scf-functions.yaml\"")
			.contains("--workers");
		assertThat(new JobSpecLoader(SourceKinds.all(), Map.of()).load(Path.of("jobs/scf-functions.yaml")).sources()).isNotEmpty();
	}

	private static List<JsonNode> documents(Path file) throws IOException {
		List<JsonNode> documents = new ArrayList<>();
		try (MappingIterator<JsonNode> parser = YAMLMapper.builder().build().readerFor(JsonNode.class)
			.readValues(file.toFile())) {
			parser.forEachRemaining(documents::add);
		}
		return documents;
	}

	@Test
	void everySampleConfigurationIsYaml() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("sample-config"))) {
			for (Path config : files.toList()) {
				assertThat(YAMLMapper.builder().build().readTree(config.toFile()).isObject()).as(config.toString())
					.isTrue();
			}
		}
	}

	@Test
	void theQuickStartIsTwoCommandsAndCiRunsTheSameTestCommand() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		String section = readme.substring(readme.indexOf("## Quick start"));
		String block = section.substring(section.indexOf("```bash\n") + 8, section.indexOf("\n```", section.indexOf("```bash")));
		List<String> commands = block.lines().toList();

		assertThat(commands).hasSize(2);
		assertThat(commands.get(0)).contains("package").endsWith("java -jar target/logtally.jar demo");
		assertThat(Files.readAllLines(Path.of(".ci/run"))).contains(commands.get(1));
	}

}
