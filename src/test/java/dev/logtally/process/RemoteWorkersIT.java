package dev.logtally.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.EmbeddedBroker;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PostgresRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out (issue 9): a manager ({@code export --workers}) and worker processes ({@code logtally worker}), all the
 * packaged jar, meeting through an Artemis broker on loopback and a PostgreSQL job repository, export a spec of three
 * sources over two accounts with SCF's 5 requests/s enforced by the sandbox. The archive must be byte-identical to one
 * process's, no account may be throttled, and a worker killed mid-window must cost nothing but a rerun of the manager.
 */
class RemoteWorkersIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant DAY_3 = DAY_1.plusSeconds(2 * 86_400);

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_A_ID", "AKIDaccountA", "SCF_A_KEY",
			"account-a-key", "SCF_B_ID", "AKIDaccountB", "SCF_B_KEY", "account-b-key", "SLS_ID", "LTAIscaleout",
			"SLS_SECRET", "scale-out-secret");

	@TempDir
	static Path shared;

	private static ScfEmulator scf;

	private static SlsEmulator sls;

	private static EmbeddedPostgres postgres;

	private static EmbeddedBroker broker;

	private static KillSwitch killSwitch;

	private static Path reference;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxBrokerAndDatabaseAndExportInOneProcess() throws Exception {
		ScfDataset.Builder dataset = ScfDataset.builder(9);
		for (String function : List.of("fa-1", "fa-2", "fa-3", "fa-4", "fb-1")) {
			dataset.function("default", function, DAY_1, DAY_3, 600);
		}
		scf = ScfEmulator.builder()
			.credential("AKIDaccountA", "account-a-key")
			.credential("AKIDaccountB", "account-b-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(5)
			.build()
			.start();
		killSwitch = new KillSwitch(scf::servedCount);
		scf.onServed(killSwitch::served);
		sls = SlsEmulator.builder()
			.credential("LTAIscaleout", "scale-out-secret")
			.dataset(SlsDataset.builder(10).logstore("demo-project", "app-log", DAY_1, DAY_3, 3_000).build())
			.build()
			.start();
		postgres = EmbeddedPostgres.builder().start();
		broker = EmbeddedBroker.start();
		reference = shared.resolve("reference");
		LogtallyProcess single = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), exportArgs(spec(reference), reference.resolve("home"), List.of()));
		assertThat(single.waitFor()).as(single.output()).isZero();
	}

	@AfterAll
	static void stop() throws Exception {
		scf.close();
		sls.close();
		broker.close();
		postgres.close();
	}

	@Test
	void aManagerAndTwoWorkersWriteTheSameBytesAsOneProcessWithoutExceedingAnAccountsRate() throws Exception {
		Path spec = spec(this.dir);
		List<String> config = PostgresRepository.create(postgres, this.dir, "two_workers");
		int throttled = scf.throttledCount();
		List<LogtallyProcess> workers = List.of(worker(spec, config, "worker-1"), worker(spec, config, "worker-2"));
		try {
			LogtallyProcess manager = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
					this.dir.resolve("manager.out"), exportArgs(spec, this.dir.resolve("home"),
							workerArgs(config, "PT5M")));

			assertThat(manager.waitFor()).as(manager.output()).isZero();
			ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
			assertThat(scf.throttledCount() - throttled).as("throttled answers").isZero();
			// Three rate groups (two SCF accounts, one SLS project) over two idle workers: each worker gets one.
			for (LogtallyProcess worker : workers) {
				assertThat(worker.output()).as("windows run by a worker").contains("MATCHED");
			}
		}
		finally {
			for (LogtallyProcess worker : workers) {
				worker.terminate();
				assertThat(worker.waitFor()).as("worker stopped by SIGTERM:%n%s", worker.output()).isZero();
			}
		}
	}

	@Test
	void aWorkerKilledMidWindowCostsARerunOfTheManagerAndNothingElse() throws Exception {
		Path spec = spec(this.dir);
		List<String> config = PostgresRepository.create(postgres, this.dir, "killed_worker");
		List<String> managerArgs = exportArgs(spec, this.dir.resolve("home"), workerArgs(config, "PT30S"));
		LogtallyProcess manager = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("manager-1.out"), managerArgs);
		LogtallyProcess survivor = null;
		try {
			// The only worker at first, so that it holds windows of account A when it is killed.
			killSwitch.killAfter(12, () -> worker(spec, config, "killed"));
			survivor = worker(spec, config, "survivor");

			// The killed worker's windows never end: the manager gives up after its timeout.
			assertThat(manager.waitFor()).as(manager.output()).isEqualTo(1);
			assertThat(manager.output())
				.contains("abandoned: no worker finished it within the worker timeout (PT30S)");
			LogtallyProcess rerun = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
					this.dir.resolve("manager-2.out"), managerArgs);

			assertThat(rerun.waitFor()).as(rerun.output()).isZero();
			ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
		}
		finally {
			if (survivor != null) {
				survivor.terminate();
				survivor.waitFor();
			}
		}
	}

	@Test
	void aWorkerStillRunningWhenTheManagerGivesUpCannotSpoilTheWindowsTheRerunWrites() throws Exception {
		Path spec = spec(this.dir);
		List<String> config = PostgresRepository.create(postgres, this.dir, "slow_worker");
		List<String> managerArgs = exportArgs(spec, this.dir.resolve("home"), workerArgs(config, "PT6S"));
		LogtallyProcess worker = worker(spec, config, "slow");
		try {
			scf.faults().slowResponses(Duration.ofMillis(700));
			LogtallyProcess manager = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
					this.dir.resolve("manager-1.out"), managerArgs);
			assertThat(manager.waitFor()).as(manager.output()).isEqualTo(1);
			assertThat(manager.output())
				.contains("abandoned: no worker finished it within the worker timeout (PT6S)");
			// The worker, alive, goes on: the windows it runs fail at their next checkpoint (the manager changed their
			// version), and the windows still queued are skipped once a slot frees.
			awaitOutput(worker, "its manager no longer waits for it; skipped");
			scf.faults().reset();

			List<String> reruns = new ArrayList<>();
			List<String> rerunArgs = exportArgs(spec, this.dir.resolve("home"), workerArgs(config, "PT5M"));
			int exit = 1;
			for (int attempt = 2; attempt <= 3 && exit != 0; attempt++) {
				// A window the slow worker still held when a rerun began is refused by its lock, left to the next one.
				LogtallyProcess rerun = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("manager-" + attempt + ".out"), rerunArgs);
				exit = rerun.waitFor();
				reruns.add(rerun.output());
			}

			assertThat(exit).as(String.join("\n", reruns)).isZero();
			ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
		}
		finally {
			scf.faults().reset();
			worker.terminate();
			worker.waitFor();
		}
	}

	@Test
	void aWorkerStoppedBySigtermFinishesItsRunningWindowsAndLeavesTheRestToAnother() throws Exception {
		Path spec = spec(this.dir);
		List<String> config = PostgresRepository.create(postgres, this.dir, "stopped_worker");
		scf.faults().slowResponses(Duration.ofMillis(300));
		// The only worker at first: every message group is its own.
		LogtallyProcess stopped = worker(spec, config, "stopped");
		LogtallyProcess other = null;
		try {
			LogtallyProcess manager = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
					this.dir.resolve("manager.out"), exportArgs(spec, this.dir.resolve("home"),
							workerArgs(config, "PT5M")));
			awaitOutput(stopped, "ended COMPLETED");
			// Slower still while the other worker starts (seconds on a loaded machine): the stopped worker must not
			// run out of windows before the SIGTERM, or nothing would be left to the other one.
			scf.faults().slowResponses(Duration.ofSeconds(2));
			other = worker(spec, config, "other");

			stopped.terminate();

			assertThat(stopped.waitFor()).as(stopped.output()).isZero();
			assertThat(stopped.output()).contains("taking no more windows");
			scf.faults().reset();
			assertThat(manager.waitFor()).as(manager.output()).isZero();
			ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
			assertThat(other.output()).as("windows left to the other worker").contains("MATCHED");
		}
		finally {
			scf.faults().reset();
			if (other != null) {
				other.terminate();
				other.waitFor();
			}
		}
	}

	private static void awaitOutput(LogtallyProcess process, String text) {
		process.awaitOutput(text, Duration.ofSeconds(60));
	}

	/** Starts a worker and waits until it listens, so that the broker can spread message groups over the workers. */
	private LogtallyProcess worker(Path spec, List<String> config, String name) {
		List<String> args = new ArrayList<>(List.of("worker", "--job", spec.toString(), "--broker", broker.url(),
				"--home", this.dir.resolve("home-" + name).toString()));
		args.addAll(config);
		LogtallyProcess worker = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve(name + ".out"), args);
		awaitOutput(worker, "worker waiting for partitions");
		return worker;
	}

	private static List<String> workerArgs(List<String> config, String timeout) {
		List<String> args = new ArrayList<>(config);
		args.addAll(List.of("--workers", broker.url(), "--worker-timeout", timeout));
		return args;
	}

	/**
	 * Two SCF sources on two accounts (SecretIds), four functions on account A, and an SLS logstore. The spec asks for
	 * 4 requests/s per account where the sandbox allows 5: the manager's own preflight request may fall in the same
	 * second as a worker's first ones. Two workers drawing on one account would ask for 8.
	 */
	private static Path spec(Path dir) throws Exception {
		String scfSource = """
				  - id: %s
				    type: tencent-scf
				    endpoint: %s
				    region: ap-guangzhou
				    credentials: {secretId: {env: %s}, secretKey: {env: %s}}
				    window: 1d
				    rateLimit: 4
				    pageSize: 100
				    timeout: 10s
				    retry: {maxAttempts: 6, initialBackoff: 200ms, maxBackoff: 1s}
				    targets:
				""";
		String yaml = "name: scale-out\nzone: \"+08:00\"\nchunkSize: 200\nconcurrency: 2\ndestination:\n  path: "
				+ dir.resolve("archive") + "\n  compression: gzip\nsources:\n"
				+ scfSource.formatted("scf-a", scf.endpoint(), "SCF_A_ID", "SCF_A_KEY")
				+ "      - function: fa-1\n      - function: fa-2\n      - function: fa-3\n      - function: fa-4\n"
				+ scfSource.formatted("scf-b", scf.endpoint(), "SCF_B_ID", "SCF_B_KEY") + "      - function: fb-1\n"
				+ """
						  - id: sls
						    type: aliyun-sls
						    endpoint: %s
						    project: demo-project
						    credentials: {accessKeyId: {env: SLS_ID}, accessKeySecret: {env: SLS_SECRET}}
						    window: 1d
						    settleDelay: 15m
						    rateLimit: 100
						    timeout: 10s
						    retry: {maxAttempts: 6, initialBackoff: 1ms, maxBackoff: 20ms}
						    incomplete: {maxAttempts: 10, maxTime: 30s}
						    targets:
						      - logstore: app-log
						""".formatted(sls.endpoint());
		Path file = dir.resolve("job.yaml");
		Files.createDirectories(dir);
		Files.writeString(file, yaml);
		return file;
	}

	private static List<String> exportArgs(Path spec, Path home, List<String> more) {
		List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03", "--home", home.toString()));
		args.addAll(more);
		return args;
	}

}
