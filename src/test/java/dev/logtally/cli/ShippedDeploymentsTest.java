package dev.logtally.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.jobspec.SourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container, Kubernetes, compose, systemd and cron examples run as shipped: the image's user is numeric and every
 * pod runs as it, everything the mounted spec writes is on a persistent writable volume, logtally is given its stop
 * time before it is killed, and the manifests define what they refer to. The files are read statically (no cluster or
 * container runtime here); {@code ContainerUserIT} runs the jar as the pod's user.
 */
class ShippedDeploymentsTest {

	private static final List<Path> MANIFESTS = List.of(Path.of("jobs/schedulers/cronjob.yaml"),
			Path.of("jobs/kubernetes/scale-out.yaml"));

	private static final Path UNIT = Path.of("jobs/schedulers/logtally-nightly@.service");

	/**
	 * What the completed windows may still need once the run is asked to stop: compression, rename, manifests (a
	 * few seconds for a day's windows in the process tests; a minute leaves room for a slow disk).
	 */
	private static final Duration PUBLICATION = Duration.ofMinutes(1);

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	/** Every YAML file under jobs/ parses, each Kubernetes document names its API, kind and name. */
	@Test
	void everyYamlFileUnderJobsParses() throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(Path.of("jobs"))) {
			files = walk.filter((file) -> file.toString().matches(".*\\.ya?ml")).toList();
		}
		assertThat(files).contains(Path.of("jobs/scale-out/compose.yaml")).containsAll(MANIFESTS);
		for (Path file : files) {
			List<JsonNode> documents = documents(file);
			assertThat(documents).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
			for (JsonNode document : documents) {
				if (document.has("apiVersion")) {
					assertThat(document.path("kind").asString()).as(file + ": kind").isNotEmpty();
					assertThat(document.at("/metadata/name").asString()).as(file + ": metadata.name").isNotEmpty();
				}
			}
		}
	}

	@Test
	void theImageRunsAsTheNumericNonRootUserItCreates() throws IOException {
		ImageUser user = ImageUser.fromDockerfile();

		assertThat(user.uid()).isPositive();
		assertThat(user.gid()).isPositive();
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		assertThat(dockerfile).contains("--uid " + user.uid()).contains("--gid " + user.gid());
	}

	/**
	 * The Dockerfile's own example mounts the specs where their {@code ../archive} is on the image's volume, and keeps
	 * the home there too. Mounted at /jobs, as it was, the archive was /archive: on no volume, and not the user's.
	 */
	@Test
	void theDockerfilesRunExampleArchivesOnTheImagesVolume(@TempDir Path root) throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		Matcher volumeLine = Pattern.compile("(?m)^VOLUME (\\S+)$").matcher(dockerfile);
		assertThat(volumeLine.find()).as("Dockerfile: VOLUME").isTrue();
		Path volume = Path.of(volumeLine.group(1));
		assertThat(dockerfile).containsPattern("(?m)^ENV LOGTALLY_HOME=" + Pattern.quote(volume.toString()) + "$");
		String run = dockerfile.lines()
			.filter((line) -> line.startsWith("#"))
			.map((line) -> line.substring(1).strip())
			.dropWhile((line) -> !line.startsWith("Run:"))
			.takeWhile((line) -> !line.isEmpty())
			.map((line) -> line.replaceAll("\\\\$", ""))
			.reduce("", (all, line) -> all + " " + line);
		Matcher jobsMount = Pattern.compile("-v \"?\\$PWD/jobs:([^:\" ]+)").matcher(run);
		Matcher job = Pattern.compile("--job (\\S+)").matcher(run);
		assertThat(jobsMount.find()).as("Dockerfile's Run: mounts jobs/: " + run).isTrue();
		assertThat(job.find()).as("Dockerfile's Run: --job").isTrue();
		assertThat(run).contains("-v logtally:" + volume);
		Path spec = Path.of(job.group(1));
		assertThat(spec.getParent()).isEqualTo(Path.of(jobsMount.group(1)));

		assertArchivesInside(root, spec, volume);
	}

	/**
	 * Kubernetes checks {@code runAsNonRoot} against the image's user only when it is numeric, and {@code fsGroup}
	 * makes a volume writable for that group: all three must be the image's numbers in every pod.
	 */
	@Test
	void everyPodRunsAsTheImagesUserAndGroupAndOwnsItsVolumes() throws IOException {
		ImageUser user = ImageUser.fromDockerfile();
		for (Path manifest : MANIFESTS) {
			List<JsonNode> pods = pods(documents(manifest));
			assertThat(pods).as(manifest.toString()).isNotEmpty();
			for (JsonNode pod : pods) {
				JsonNode security = pod.path("securityContext");
				assertThat(security.path("runAsNonRoot").asBoolean()).as(manifest + ": runAsNonRoot").isTrue();
				assertThat(security.path("runAsUser").asInt()).as(manifest + ": runAsUser").isEqualTo(user.uid());
				assertThat(security.path("runAsGroup").asInt()).as(manifest + ": runAsGroup").isEqualTo(user.gid());
				assertThat(security.path("fsGroup").asInt()).as(manifest + ": fsGroup").isEqualTo(user.gid());
			}
		}
	}

	/**
	 * Each pod's spec is loaded where the pod sees it (under a folder standing for the container's root), and the
	 * archive it writes, its home (job repository, logs, reports, metrics, S3 staging) and the configuration's home
	 * must all sit on a persistent volume mounted read-write: anywhere else the image's user cannot write, or the
	 * files are lost with the pod.
	 */
	@Test
	void everyPathTheMountedSpecWritesIsOnAPersistentWritableVolume(@TempDir Path root) throws IOException {
		for (Path manifest : MANIFESTS) {
			List<JsonNode> documents = documents(manifest);
			for (JsonNode pod : pods(documents)) {
				JsonNode container = pod.at("/containers/0");
				Path spec = Path.of(option(container, "--job").orElseThrow());
				JobSpec loaded = new JobSpecLoader(SourceKinds.all(), Map.of()).load(podFile(root, documents, pod, spec));
				Path destination = Path.of("/").resolve(root.relativize(loaded.destination().root()));
				String home = environment(container, "LOGTALLY_HOME").orElseThrow();

				assertThat(persistentWritableMount(pod, container, destination)).as(manifest + ": " + destination)
					.isPresent();
				assertThat(persistentWritableMount(pod, container, Path.of(home))).as(manifest + ": " + home)
					.isPresent();
				Optional<String> config = option(container, "--config");
				if (config.isPresent()) {
					JsonNode configuration = YAML.readTree(podFile(root, documents, pod, Path.of(config.get())).toFile());
					assertThat(configuration.at("/logtally/home").asString()).as(manifest + ": " + config.get())
						.isEqualTo(home);
				}
			}
		}
	}

	/** A spec or configuration a manifest carries is the shipped file itself, byte for byte: the examples cannot drift. */
	@Test
	void theSpecsAndConfigurationsTheManifestsCarryAreTheShippedFiles() throws IOException {
		for (Path manifest : MANIFESTS) {
			for (JsonNode document : documents(manifest)) {
				if (!"ConfigMap".equals(document.path("kind").asString())) {
					continue;
				}
				for (Map.Entry<String, JsonNode> file : document.path("data").properties()) {
					assertThat(file.getValue().asString()).as(manifest + ": " + file.getKey())
						.isEqualTo(Files.readString(shipped(file.getKey())));
				}
			}
		}
	}

	/**
	 * SIGTERM stops a run at the next chunk boundary, then publishes the completed windows: a pod's grace period and
	 * the unit's stop timeout must cover that ({@link #stopTime}), else the kill cuts it short (still resumable, but
	 * the table and report are lost and the next run must recover the execution).
	 */
	@Test
	void everySchedulerGivesLogtallyItsStopTimeBeforeKillingIt(@TempDir Path root) throws IOException {
		for (Path manifest : MANIFESTS) {
			List<JsonNode> documents = documents(manifest);
			for (JsonNode pod : pods(documents)) {
				Path spec = Path.of(option(pod.at("/containers/0"), "--job").orElseThrow());
				Duration stopTime = stopTime(new JobSpecLoader(SourceKinds.all(), Map.of()).load(podFile(root, documents, pod, spec)));
				assertThat(Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong()))
					.as(manifest + ": terminationGracePeriodSeconds")
					.isGreaterThanOrEqualTo(stopTime);
			}
		}
		Duration unitStop = Duration.ofSeconds(Long.parseLong(unitSetting("TimeoutStopSec").get(0)));
		assertThat(unitStop).isGreaterThanOrEqualTo(stopTime(new JobSpecLoader(SourceKinds.all(), Map.of()).load(Path.of(
				"jobs/scf-functions.yaml"))));
		assertThat(unitSetting("KillSignal")).containsExactly("SIGTERM");
	}

	/**
	 * The CronJob refers only to what it defines, bounds its resources, never runs twice at once, and does not retry
	 * what a retry cannot fix: bad input (2), an unreconciled window (3, the source's count does not change minutes
	 * later) or another run holding the job (4). Each rule says why beside it.
	 */
	@Test
	void theCronJobsDefineWhatTheyReferToAndRetryOnlyWhatARetryCanFix() throws IOException {
		for (Path manifest : MANIFESTS) {
			List<JsonNode> documents = documents(manifest);
			Set<String> defined = new TreeSet<>();
			for (JsonNode document : documents) {
				defined.add(document.path("kind").asString() + "/" + document.at("/metadata/name").asString());
			}
			for (JsonNode pod : pods(documents)) {
				assertThat(defined).as(manifest.toString()).containsAll(references(pod));
				for (JsonNode container : pod.path("containers")) {
					assertThat(container.at("/resources/requests/memory").isMissingNode()).as(manifest + ": requests")
						.isFalse();
					assertThat(container.at("/resources/limits/memory").isMissingNode()).as(manifest + ": limits")
						.isFalse();
				}
			}
			String text = Files.readString(manifest);
			for (JsonNode cronJob : documents.stream().filter((d) -> "CronJob".equals(d.path("kind").asString())).toList()) {
				assertThat(cronJob.at("/spec/concurrencyPolicy").asString()).isEqualTo("Forbid");
				JsonNode job = cronJob.at("/spec/jobTemplate/spec");
				assertThat(job.at("/template/spec/restartPolicy").asString()).isEqualTo("Never");
				Map<Integer, String> actions = new LinkedHashMap<>();
				for (JsonNode rule : job.at("/podFailurePolicy/rules")) {
					for (JsonNode code : rule.at("/onExitCodes/values")) {
						assertThat(rule.at("/onExitCodes/operator").asString()).isEqualTo("In");
						actions.put(code.asInt(), rule.path("action").asString());
					}
				}
				assertThat(actions).as(manifest.toString())
					.containsEntry(2, "FailJob")
					.containsEntry(3, "FailJob")
					.containsEntry(4, "FailJob")
					.doesNotContainValue("Ignore");
				for (int code : List.of(2, 3, 4)) {
					assertThat(text).as(manifest + ": the reason for exit " + code)
						.containsPattern("(?m)^ +# " + code + ", [a-z].*\\n(?: +#.*\\n)* +- action: FailJob\\n +onExitCodes:.*\\["
								+ code + "\\]");
				}
			}
		}
	}

	/** The unit keeps its home in the state directory systemd makes for it, and can write nothing else. */
	@Test
	void theSystemdUnitKeepsItsHomeInItsStateDirectoryAndIsHardened() throws IOException {
		assertThat(unitSetting("StateDirectory")).containsExactly("logtally");
		assertThat(unitSetting("Environment")).contains("LOGTALLY_HOME=%S/logtally");
		assertThat(unitSetting("ProtectSystem")).containsExactly("strict");
		assertThat(unitSetting("NoNewPrivileges")).containsExactly("yes");
		assertThat(unitSetting("ProtectHome")).containsExactly("yes");
		assertThat(unitSetting("PrivateTmp")).containsExactly("yes");
		assertThat(unitSetting("SuccessExitStatus")).containsExactly("4");
		assertThat(unitSetting("User")).containsExactly("logtally");
		assertThat(unitSetting("ExecStart")).singleElement().asString().contains("nightly --job %S/logtally/specs/%i.yaml");
	}

	/**
	 * Where the systemd unit and the crontab look for a spec, the shipped spec's archive ({@code ../archive}) is
	 * inside their home, which the user running logtally owns (and, for the unit, the only folder it may write). In
	 * /etc/logtally, as they had it, it was /etc/archive: refused before the run.
	 */
	@Test
	void theHostSchedulersSpecsArchiveInsideTheirHome(@TempDir Path root) throws IOException {
		String home = unitSetting("Environment").stream()
			.filter((setting) -> setting.startsWith("LOGTALLY_HOME="))
			.findFirst()
			.orElseThrow()
			.substring("LOGTALLY_HOME=".length())
			.replace("%S", "/var/lib");
		String command = unitSetting("ExecStart").get(0);
		String unitSpec = command.substring(command.indexOf("--job ") + 6).split(" ")[0]
			.replace("%S", "/var/lib")
			.replace("%i", "scf-functions");
		assertArchivesInside(root.resolve("unit"), Path.of(unitSpec), Path.of(home));

		List<String> crontab = Files.readAllLines(Path.of("jobs/schedulers/crontab"));
		String cronHome = crontab.stream()
			.filter((line) -> line.startsWith("LOGTALLY_HOME="))
			.findFirst()
			.orElseThrow()
			.substring("LOGTALLY_HOME=".length());
		for (String line : crontab.stream().filter((line) -> line.contains(" --job ")).toList()) {
			String cronSpec = line.substring(line.indexOf(" --job ") + 7).split(" ")[0];
			assertArchivesInside(root.resolve("cron"), Path.of(cronSpec), Path.of(cronHome));
		}
	}

	/** Loads the shipped spec as if it were at {@code path} and checks that its archive is inside {@code home}. */
	private static void assertArchivesInside(Path root, Path path, Path home) throws IOException {
		Path file = root.resolve(Path.of("/").relativize(path));
		Files.createDirectories(file.getParent());
		Files.copy(shipped(path.getFileName().toString()), file);
		JobSpec spec = new JobSpecLoader(SourceKinds.all(), Map.of()).load(file);
		Path archive = Path.of("/").resolve(root.relativize(spec.destination().root()));
		assertThat(archive.startsWith(home)).as(path + " archives in " + archive + ", outside the home " + home)
			.isTrue();
	}

	/** systemd's own check, where this machine has it: no unknown key, no value it would ignore. */
	@Test
	void theSystemdUnitAndTimerPassSystemdAnalyzeVerify(@TempDir Path dir) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
		// verify checks that ExecStart's program exists: the unit names /usr/bin/java, as Debian and Red Hat install it
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")), "no /usr/bin/java for ExecStart= to name");
		Path service = Files.copy(UNIT, dir.resolve("logtally-nightly@scf-functions.service"));
		Path timer = Files.copy(Path.of("jobs/schedulers/logtally-nightly@.timer"),
				dir.resolve("logtally-nightly@scf-functions.timer"));
		Process verify = new ProcessBuilder("systemd-analyze", "verify", service.toString(), timer.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(verify.waitFor()).as(output).isZero();
		assertThat(output).isEmpty();
	}

	/**
	 * The compose walkthrough starts what the sample configuration names, with the credentials it says where to find:
	 * the database and broker hosts are its services, the user and database are PostgreSQL's, every password is a
	 * variable that the database or broker and logtally read alike, every logtally container reads the shipped
	 * configuration and spec and shares one home volume, and the broker grants the role what the configuration's
	 * {@code broker.xml} snippet grants it.
	 */
	@Test
	void theScaleOutComposeFileStartsWhatTheSampleConfigurationNames() throws IOException {
		Path compose = Path.of("jobs/scale-out/compose.yaml");
		JsonNode services = YAML.readTree(compose.toFile()).path("services");
		Path sample = Path.of("sample-config/application-scale-out.yml");
		JsonNode config = YAML.readTree(sample.toFile());
		Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)")
			.matcher(config.at("/spring/datasource/url").asString());
		assertThat(url.matches()).as(sample + ": spring.datasource.url").isTrue();

		JsonNode postgres = services.path(url.group(1));
		assertThat(postgres.path("image").asString()).as("the service " + url.group(1)).startsWith("postgres:");
		assertThat(url.group(2)).isEqualTo("5432");
		assertThat(postgres.at("/environment/POSTGRES_DB").asString()).isEqualTo(url.group(3));
		assertThat(postgres.at("/environment/POSTGRES_USER").asString())
			.isEqualTo(config.at("/spring/datasource/username").asString());
		assertThat(variable(postgres.at("/environment/POSTGRES_PASSWORD"))).isEqualTo("SPRING_DATASOURCE_PASSWORD");

		List<String> logtally = List.of("worker", "manager");
		String broker = null;
		for (String name : logtally) {
			JsonNode service = services.path(name);
			assertThat(service.path("image").asString()).as(name).startsWith("logtally:");
			for (String password : List.of("SPRING_DATASOURCE_PASSWORD", "LOGTALLY_BROKER_USER",
					"LOGTALLY_BROKER_PASSWORD")) {
				assertThat(variable(service.at("/environment/" + password))).as(name + ": " + password)
					.isEqualTo(password);
			}
			String home = service.at("/environment/LOGTALLY_HOME").asString();
			assertThat(home).as(name + ": LOGTALLY_HOME").isEqualTo(config.at("/logtally/home").asString());
			Map<String, String> mounts = mounts(service);
			assertThat(mounts).as(name + ": the shared home").containsEntry(home, "home");
			assertThat(compose.resolveSibling(mounts.get(argument(service.path("command"), "--config").orElseThrow()))
				.normalize()).as(name + ": --config").isEqualTo(sample);
			Path spec = Path.of(argument(service.path("command"), "--job").orElseThrow());
			Path specOnHost = compose.resolveSibling(mounts.get(spec.getParent().toString())).resolve(spec.getFileName())
				.normalize();
			JobSpec loaded = new JobSpecLoader(SourceKinds.all(), Map.of()).load(specOnHost);
			Path destination = spec.getParent().resolve(specOnHost.toAbsolutePath().getParent().relativize(loaded.destination().root().toAbsolutePath()))
				.normalize();
			assertThat(destination).as(name + ": the archive").startsWithRaw(Path.of(home));
			String url2 = argument(service.path("command"), name.equals("worker") ? "--broker" : "--workers").orElseThrow();
			assertThat(broker == null || broker.equals(url2)).as(name + ": the broker").isTrue();
			broker = url2;
		}
		assertThat(services.at("/manager/stop_grace_period").asString()).isEqualTo("5m");
		assertThat(Duration.ofMinutes(5)).isGreaterThanOrEqualTo(stopTime(new JobSpecLoader(SourceKinds.all(), Map.of()).load(Path.of(
				"jobs/scf-functions.yaml"))));

		Matcher brokerUrl = Pattern.compile("tcp://([^:/]+):61616").matcher(broker);
		assertThat(brokerUrl.matches()).as(broker).isTrue();
		JsonNode artemis = services.path(brokerUrl.group(1));
		assertThat(artemis.path("image").asString()).as("the service " + brokerUrl.group(1))
			.startsWith("apache/activemq-artemis:");
		assertThat(variable(artemis.at("/environment/ARTEMIS_USER"))).isEqualTo("LOGTALLY_BROKER_USER");
		assertThat(variable(artemis.at("/environment/ARTEMIS_PASSWORD"))).isEqualTo("LOGTALLY_BROKER_PASSWORD");
		assertThat(artemis.at("/environment/EXTRA_ARGS").asString()).contains("--role logtally")
			.contains("--require-login");
		Path properties = compose.resolveSibling(mounts(artemis)
			.get("/var/lib/artemis-instance/etc-override/broker.properties")).normalize();
		assertThat(brokerSettings(properties)).contains("logtally.partitions.# logtally consume",
				"logtally.partitions.# maxDeliveryAttempts 10")
			.isEqualTo(brokerSettings(Files.readString(sample)));
	}

	/** The variable a compose value {@code ${NAME:?message}} or {@code ${NAME:-default}} reads; fails on a literal. */
	private static String variable(JsonNode value) {
		Matcher reference = Pattern.compile("\\$\\{(\\w+)(?::[?-][^}]*)?}").matcher(value.asString());
		assertThat(reference.matches()).as("a credential must come from the environment, not " + value).isTrue();
		return reference.group(1);
	}

	/** A compose service's bind and volume mounts, by the path in the container. */
	private static Map<String, String> mounts(JsonNode service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (JsonNode volume : service.path("volumes")) {
			String[] parts = volume.asString().split(":");
			mounts.put(parts[1], parts[0]);
		}
		return mounts;
	}

	/** The permissions and address settings broker.properties gives, as {@code match role permission} lines. */
	private static Set<String> brokerSettings(Path properties) throws IOException {
		Set<String> settings = new TreeSet<>();
		Matcher line = Pattern.compile("(?m)^securityRoles\\.\"([^\"]+)\"\\.(\\w+)\\.(\\w+)=true$|"
				+ "^addressSettings\\.\"([^\"]+)\"\\.(\\w+)=(\\S+)$").matcher(Files.readString(properties));
		while (line.find()) {
			settings.add(line.group(1) != null ? line.group(1) + " " + line.group(2) + " " + line.group(3)
					: line.group(4) + " " + line.group(5) + " " + line.group(6));
		}
		return settings;
	}

	/** The same from the {@code broker.xml} snippet in the sample configuration's comments. */
	private static Set<String> brokerSettings(String sample) {
		Set<String> settings = new TreeSet<>();
		Matcher security = Pattern.compile("<security-setting match=\"([^\"]+)\">((?s).*?)</security-setting>")
			.matcher(sample);
		while (security.find()) {
			Matcher permission = Pattern.compile("<permission type=\"(\\w+)\" roles=\"(\\w+)\"/>")
				.matcher(security.group(2));
			while (permission.find()) {
				settings.add(security.group(1) + " " + permission.group(2) + " " + permission.group(1));
			}
		}
		Matcher address = Pattern.compile("<address-setting match=\"([^\"]+)\">((?s).*?)</address-setting>")
			.matcher(sample);
		while (address.find()) {
			Matcher setting = Pattern.compile("<([a-z-]+)>([^<]+)</").matcher(address.group(2));
			while (setting.find()) {
				settings.add(address.group(1) + " " + camelCase(setting.group(1)) + " " + setting.group(2));
			}
		}
		return settings;
	}

	private static String camelCase(String xmlName) {
		StringBuilder name = new StringBuilder();
		for (String part : xmlName.split("-")) {
			name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		}
		return name.toString();
	}

	/**
	 * How long a graceful stop may take: every window being read finishes its chunk, up to {@code ceil(chunkSize /
	 * pageSize)} requests, each answered within the source's {@code timeout} and all of them drawn from the account's
	 * rate budget, then the completed windows are published. Retries are not counted: a source that keeps failing is
	 * cut short by the kill that follows, which is safe (restart is exact).
	 */
	static Duration stopTime(JobSpec spec) {
		Duration longest = Duration.ZERO;
		for (SourceSpec source : spec.sources()) {
			long requests = (spec.chunkSize() + source.pageSize() - 1) / source.pageSize();
			Duration answers = source.timeout().multipliedBy(requests);
			Duration budget = Duration.ofMillis((long) Math.ceil(spec.concurrency() * requests * 1000 / source.rateLimit()));
			Duration chunk = answers.plus(budget);
			longest = chunk.compareTo(longest) > 0 ? chunk : longest;
		}
		return longest.plus(PUBLICATION);
	}

	/** The image's user and group, from the Dockerfile's {@code USER}. */
	record ImageUser(int uid, int gid) {

		static ImageUser fromDockerfile() throws IOException {
			Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(Files.readString(Path.of("Dockerfile")));
			assertThat(user.find()).as("Dockerfile: USER").isTrue();
			assertThat(user.group(1)).as("Dockerfile: USER must be numeric (uid:gid), else Kubernetes cannot check "
					+ "runAsNonRoot").matches("\\d+:\\d+");
			String[] ids = user.group(1).split(":");
			return new ImageUser(Integer.parseInt(ids[0]), Integer.parseInt(ids[1]));
		}

	}

	static List<JsonNode> documents(Path file) throws IOException {
		List<JsonNode> documents = new ArrayList<>();
		try (MappingIterator<JsonNode> parser = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
			parser.forEachRemaining(documents::add);
		}
		return documents;
	}

	/** The pod templates of the Deployments, Jobs and CronJobs among {@code documents}. */
	static List<JsonNode> pods(List<JsonNode> documents) {
		List<JsonNode> pods = new ArrayList<>();
		for (JsonNode document : documents) {
			switch (document.path("kind").asString()) {
				case "Deployment", "Job" -> pods.add(document.at("/spec/template/spec"));
				case "CronJob" -> pods.add(document.at("/spec/jobTemplate/spec/template/spec"));
				default -> {
				}
			}
		}
		return pods;
	}

	/**
	 * Writes the file the pod sees at {@code path} under {@code root}, which stands for the container's root, and
	 * returns it there: the content of the ConfigMap mounted over it, or, for a ConfigMap the manifest does not define
	 * (made with {@code kubectl create configmap --from-file}), the shipped file of that name.
	 */
	private static Path podFile(Path root, List<JsonNode> documents, JsonNode pod, Path path) throws IOException {
		JsonNode container = pod.at("/containers/0");
		for (JsonNode mount : container.path("volumeMounts")) {
			Path mountPath = Path.of(mount.path("mountPath").asString());
			if (!path.getParent().equals(mountPath)) {
				continue;
			}
			String configMap = volume(pod, mount.path("name").asString()).at("/configMap/name").asString();
			String name = path.getFileName().toString();
			String content = Files.readString(shipped(name));
			for (JsonNode document : documents) {
				if ("ConfigMap".equals(document.path("kind").asString())
						&& configMap.equals(document.at("/metadata/name").asString())) {
					content = document.at("/data").path(name).asString();
					assertThat(content).as(path + " in ConfigMap " + configMap).isNotEmpty();
				}
			}
			Path file = root.resolve(Path.of("/").relativize(path));
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
			return file;
		}
		throw new AssertionError(path + " is on no mounted ConfigMap");
	}

	/** The shipped example spec or sample configuration called {@code name}. */
	private static Path shipped(String name) {
		return Stream.of(Path.of("jobs"), Path.of("sample-config"))
			.map((folder) -> folder.resolve(name))
			.filter(Files::isRegularFile)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no shipped file " + name));
	}

	/** The read-write mount of a PersistentVolumeClaim holding {@code path}, the deepest one if mounts nest. */
	private static Optional<JsonNode> persistentWritableMount(JsonNode pod, JsonNode container, Path path) {
		JsonNode deepest = null;
		for (JsonNode mount : container.path("volumeMounts")) {
			Path mountPath = Path.of(mount.path("mountPath").asString());
			if (path.normalize().startsWith(mountPath) && (deepest == null
					|| mountPath.getNameCount() > Path.of(deepest.path("mountPath").asString()).getNameCount())) {
				deepest = mount;
			}
		}
		if (deepest == null || deepest.path("readOnly").asBoolean()
				|| volume(pod, deepest.path("name").asString()).at("/persistentVolumeClaim/claimName").isMissingNode()) {
			return Optional.empty();
		}
		return Optional.of(deepest);
	}

	private static JsonNode volume(JsonNode pod, String name) {
		for (JsonNode volume : pod.path("volumes")) {
			if (name.equals(volume.path("name").asString())) {
				return volume;
			}
		}
		throw new AssertionError("no volume " + name);
	}

	/** {@code Kind/name} of every ConfigMap, Secret and PersistentVolumeClaim the pod uses. */
	private static Set<String> references(JsonNode pod) {
		Set<String> references = new TreeSet<>();
		for (JsonNode volume : pod.path("volumes")) {
			reference(references, "ConfigMap", volume.at("/configMap/name"));
			reference(references, "Secret", volume.at("/secret/secretName"));
			reference(references, "PersistentVolumeClaim", volume.at("/persistentVolumeClaim/claimName"));
		}
		for (JsonNode container : pod.path("containers")) {
			for (JsonNode source : container.path("envFrom")) {
				reference(references, "Secret", source.at("/secretRef/name"));
				reference(references, "ConfigMap", source.at("/configMapRef/name"));
			}
		}
		return references;
	}

	private static void reference(Set<String> references, String kind, JsonNode name) {
		if (!name.isMissingNode()) {
			references.add(kind + "/" + name.asString());
		}
	}

	private static Optional<String> option(JsonNode container, String name) {
		return argument(container.path("args"), name);
	}

	/** The value after {@code name} in a command line given as a YAML list. */
	private static Optional<String> argument(JsonNode list, String name) {
		List<String> args = new ArrayList<>();
		list.forEach((arg) -> args.add(arg.asString()));
		int at = args.indexOf(name);
		return at < 0 ? Optional.empty() : Optional.of(args.get(at + 1));
	}

	private static Optional<String> environment(JsonNode container, String name) {
		for (JsonNode variable : container.path("env")) {
			if (name.equals(variable.path("name").asString())) {
				return Optional.of(variable.path("value").asString());
			}
		}
		return Optional.empty();
	}

	/** The values of {@code key} in the unit's {@code [Service]} section, in order. */
	private static List<String> unitSetting(String key) throws IOException {
		List<String> values = new ArrayList<>();
		String section = "";
		for (String line : Files.readAllLines(UNIT)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("[")) {
				section = trimmed;
			}
			else if ("[Service]".equals(section) && trimmed.startsWith(key + "=")) {
				values.add(trimmed.substring(key.length() + 1));
			}
		}
		return values;
	}

}
