package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The example pod's view, as far as this machine allows without a container runtime: the jar runs as the CronJob's
 * numeric user and group ({@code runAsUser}/{@code runAsGroup} in jobs/schedulers/cronjob.yaml, the image's
 * {@code USER}), with no other groups, its home ({@code LOGTALLY_HOME}) on a volume that user owns (as {@code fsGroup}
 * makes it), and the shipped {@code jobs/scf-functions.yaml} mounted read-only where the CronJob's {@code --job}
 * says, changed only to read from the sandbox.
 * A folder stands for the container's root. Mounted there, the spec exports; mounted where the manifests used to
 * mount it ({@code /jobs}), its archive lands off the volume, where the user cannot write, and the run is refused
 * before it starts, naming that folder.
 */
class ContainerUserIT {

	/** The CronJob's pod, as jobs/schedulers/cronjob.yaml describes it. */
	private static final JsonNode POD = cronJobPod();

	private static final int UID = POD.at("/securityContext/runAsUser").asInt();

	private static final int GID = POD.at("/securityContext/runAsGroup").asInt();

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> CREDENTIALS = Map.of("TENCENT_SECRET_ID", "AKIDcontainer",
			"TENCENT_SECRET_KEY", "container-key");

	private static ScfEmulator emulator;

	/** Stands for the container's root file system: the image's folders are root's, as in the image. */
	@TempDir
	Path root;

	/** Where the processes' output goes, off the container's root. */
	@TempDir
	Path logs;

	private Path volume;

	@BeforeAll
	static void startSandbox() {
		emulator = ScfEmulator.builder()
			.credential("AKIDcontainer", "container-key")
			.dataset(ScfDataset.builder(25)
				.function("default", "order-api", NOV_1, NOV_1.plusSeconds(86_400), 300)
				.function("payments", "payment-worker", NOV_1, NOV_1.plusSeconds(86_400), 250)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterAll
	static void stopSandbox() {
		emulator.close();
	}

	/** The home's volume at /var/lib/logtally, owned by the image's user as fsGroup makes it. */
	@BeforeEach
	void mountTheHomeVolume() throws IOException {
		assumeTrue("root".equals(System.getProperty("user.name")),
				"running as another user needs root (setpriv); these tests run as " + System.getProperty("user.name"));
		assertThat(UID).as("runAsUser").isPositive();
		this.volume = Files.createDirectories(inPod(Path.of(environmentValue("LOGTALLY_HOME"))));
		for (Path folder = this.volume.getParent(); folder.startsWith(this.root); folder = folder.getParent()) {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		Files.setAttribute(this.volume, "unix:uid", UID);
		Files.setAttribute(this.volume, "unix:gid", GID);
		Files.setPosixFilePermissions(this.volume, PosixFilePermissions.fromString("rwx------"));
	}

	@Test
	void theExampleSpecMountedWhereTheCronJobMountsItExportsAsItsNumericUser() throws IOException {
		// A ConfigMap's files are root's and read-only; the runtime makes the mount point inside the volume.
		Path spec = mountSpec(inPod(Path.of(jobArgument()).getParent()));

		LogtallyProcess export = LogtallyProcess.startAsUser(UID, GID, imageJar(), environment(),
				this.logs.resolve("export.out"), List.of("export", "--job", spec.toString(), "--from",
						"2026-11-01", "--to", "2026-11-02"));

		assertThat(export.waitFor()).as(export.output()).isZero();
		assertThat(export.output()).contains("3 windows: 3 MATCHED;").doesNotContainIgnoringCase("permission denied");
		List<Path> archived = files(this.volume.resolve("archive"));
		assertThat(archived).as("the archive on the volume")
			.anyMatch((file) -> file.toString().endsWith(".csv.gz"))
			.anyMatch((file) -> file.toString().endsWith(".manifest.json"));
		for (Path file : archived) {
			assertThat(Files.getAttribute(file, "unix:uid")).as(file.toString()).isEqualTo(UID);
		}
		assertThat(files(this.root)).as("nothing written off the volume")
			.allMatch((file) -> file.startsWith(this.volume)
					|| file.equals(this.root.resolve("opt/logtally/logtally.jar")));
	}

	/** The layout the manifests had: the spec at /jobs, so its {@code ../archive} is /archive, on no volume. */
	@Test
	void theExampleSpecMountedOffTheVolumeIsRefusedBeforeTheRunNamingTheArchiveFolder() throws IOException {
		Path spec = mountSpec(this.root.resolve("jobs"));

		LogtallyProcess export = LogtallyProcess.startAsUser(UID, GID, imageJar(), environment(),
				this.logs.resolve("refused.out"), List.of("export", "--job", spec.toString(), "--from",
						"2026-11-01", "--to", "2026-11-02"));

		assertThat(export.waitFor()).as(export.output()).isEqualTo(2);
		assertThat(export.output()).contains(this.root.resolve("archive") + ": permission denied")
			.doesNotContain("\tat ");
		assertThat(this.root.resolve("archive")).doesNotExist();
	}

	/**
	 * The jar where the image has it ({@code /opt/logtally/logtally.jar}), root's and readable by all: the build's own
	 * folder may be closed to other users (a checkout under a 0700 home or temporary folder).
	 */
	private Path imageJar() throws IOException {
		Path jar = inPod(Path.of("/opt/logtally/logtally.jar"));
		Files.createDirectories(jar.getParent());
		for (Path folder = jar.getParent(); folder.startsWith(this.root); folder = folder.getParent()) {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		Files.copy(LogtallyProcess.jar(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
		return jar;
	}

	/** Where {@code path} of the pod is under the folder standing for its root. */
	private Path inPod(Path path) {
		return this.root.resolve(Path.of("/").relativize(path));
	}

	private static JsonNode cronJobPod() {
		try (MappingIterator<JsonNode> documents = YAMLMapper.builder().build().readerFor(JsonNode.class)
			.readValues(Path.of("jobs/schedulers/cronjob.yaml").toFile())) {
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				if ("CronJob".equals(document.path("kind").asString())) {
					return document.at("/spec/jobTemplate/spec/template/spec");
				}
			}
		}
		throw new IllegalStateException("jobs/schedulers/cronjob.yaml has no CronJob");
	}

	private static String jobArgument() {
		JsonNode args = POD.at("/containers/0/args");
		for (int i = 0; i < args.size() - 1; i++) {
			if ("--job".equals(args.get(i).asString())) {
				return args.get(i + 1).asString();
			}
		}
		throw new IllegalStateException("the CronJob's container has no --job");
	}

	private static String environmentValue(String name) {
		for (JsonNode variable : POD.at("/containers/0/env")) {
			if (name.equals(variable.path("name").asString())) {
				return variable.path("value").asString();
			}
		}
		throw new IllegalStateException("the CronJob's container does not set " + name);
	}

	/** The shipped spec, read-only in {@code folder}, with only its endpoint pointed at the sandbox. */
	private Path mountSpec(Path folder) throws IOException {
		String shipped = Files.readString(Path.of("jobs/scf-functions.yaml"));
		String endpoint = "endpoint: https://scf.tencentcloudapi.com\n";
		assertThat(shipped).containsOnlyOnce(endpoint);
		Files.createDirectories(folder);
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path spec = Files.writeString(folder.resolve("scf-functions.yaml"),
				shipped.replace(endpoint, "endpoint: " + emulator.endpoint() + "\n"));
		Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("r--r--r--"));
		return spec;
	}

	/** As the manifests set it: the home on the volume, the credentials from the Secret. */
	private Map<String, String> environment() {
		return Map.of("LOGTALLY_HOME", this.volume.toString(), "TENCENT_SECRET_ID",
				CREDENTIALS.get("TENCENT_SECRET_ID"), "TENCENT_SECRET_KEY", CREDENTIALS.get("TENCENT_SECRET_KEY"));
	}

	private static List<Path> files(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

}
