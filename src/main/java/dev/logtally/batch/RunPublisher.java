package dev.logtally.batch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveLayout;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.ChainHead;
import dev.logtally.archive.Provenance;
import dev.logtally.archive.RunManifest;
import dev.logtally.archive.RunManifestChain;
import dev.logtally.archive.WindowManifest;
import dev.logtally.archive.WindowObjectWriter;
import dev.logtally.archive.WindowVersions;
import dev.logtally.source.LogSource;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.tally.Remedy;
import dev.logtally.tally.WindowOutcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes every window of a run whose partition completed: its CSV rendered from the staging file under the final
 * key, then its manifest; once every window of a run is published, the run's manifest. Windows that failed keep their
 * staging files for the restart to continue. What each window's publication came to is recorded with the window
 * ({@link WindowOutcomeStore}), so that a window the archive does not hold is never reported as reconciled.
 *
 * <p>Safe to repeat at any time: each action is idempotent, and a window's partition is complete in the job repository
 * before it is published, so a crash during publication loses nothing that the next run will not redo.
 */
final class RunPublisher {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	private final JobSpec spec;

	private final SourceClients sources;

	private final WindowOutcomeStore outcomes;

	private final ArchiveLayout layout;

	private final WindowObjectWriter publisher;

	private final RunManifestChain chain;

	private final WindowVersions versions;

	private final TransactionOperations recording;

	RunPublisher(JobSpec spec, SourceClients sources, Archive archive, WindowOutcomeStore outcomes,
			PlatformTransactionManager transactions) {
		this.spec = spec;
		this.sources = sources;
		this.outcomes = outcomes;
		this.layout = archive.layout();
		this.publisher = new WindowObjectWriter(archive.store());
		this.chain = new RunManifestChain(archive.store(), archive.signingKey());
		this.versions = new WindowVersions(archive.store());
		// Its own transaction: what publication did is recorded even when the step that published fails, and its
		// transaction is rolled back.
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.recording = template;
	}

	/**
	 * Publishes every window that completed its export, and records which were published.
	 * @return how every planned window was read, published or not
	 * @throws IllegalStateException naming each window that could not be published, once all were tried
	 */
	List<WindowOutcome> publishCompleted(JobInstance instance, JobParameters parameters) {
		List<WindowOutcome> all = read(instance, parameters);
		publishEach(instance, all.stream().filter((outcome) -> outcome.verdict().done()).toList(),
				ExportParameters.provenance(parameters));
		return all;
	}

	/**
	 * Publishes every window of a finished run, records which were published, then appends the run's manifest to its
	 * job's chain.
	 * @return how every planned window was read, and the run manifest written
	 * @throws IllegalStateException naming each window that could not be published, once all were tried; the run
	 *     manifest is then not written
	 */
	PublishedRun publishRun(JobInstance instance, JobParameters parameters) {
		List<WindowOutcome> all = read(instance, parameters);
		for (WindowOutcome outcome : all) {
			if (!outcome.verdict().done()) {
				throw new IllegalStateException("window " + outcome.source() + "/" + outcome.target() + " "
						+ outcome.window() + " has no completed export although its step completed");
			}
		}
		Provenance provenance = ExportParameters.provenance(parameters);
		List<RunManifest.Link> links = publishEach(instance, all, provenance);
		List<RunManifest.Window> published = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			published.add(new RunManifest.Window(links.get(i), all.get(i).verdict().name()));
		}
		RunManifest.Link runManifest = this.chain.append(this.spec.name(),
				Instant.parse(parameters.getString(ExportParameters.FROM)),
				Instant.parse(parameters.getString(ExportParameters.TO)), parameters.getLong(ExportParameters.ATTEMPT),
				published, RunManifest.Request.of(provenance));
		writeHeadFile(runManifest);
		return new PublishedRun(all, runManifest);
	}

	/**
	 * What a finished run published.
	 * @param outcomes how every planned window was read
	 * @param runManifest the run manifest appended to the job's chain
	 */
	record PublishedRun(List<WindowOutcome> outcomes, RunManifest.Link runManifest) {
	}

	/**
	 * Writes the chain's new head to {@code destination.headFile}, when the spec names one. Inside the publishing step,
	 * after the run manifest: a run whose head file could not be written fails, and the same command, which publishes
	 * again to the same bytes, writes it.
	 * @throws IllegalStateException naming the file and saying that the archive itself is published
	 */
	private void writeHeadFile(RunManifest.Link head) {
		Path file = this.spec.destination().headFile();
		if (file == null) {
			return;
		}
		ChainHead written = new ChainHead(this.spec.name(), ArchiveLayout.runManifestSequence(head.key()), head.key(),
				head.sha256(), this.spec.destination().describe());
		try {
			written.writeTo(file);
		}
		catch (ArchiveStoreException | IllegalArgumentException ex) {
			throw new IllegalStateException("cannot write the head file " + file + " (" + ex.getMessage()
					+ "); the archive is published, its run manifest " + head.key() + " has SHA-256 " + head.sha256()
					+ ": " + Remedy.FIX.after("make " + file.getParent() + " a writable folder"), ex);
		}
		log.info("chain head {} sha256 {} written to {}", head.key(), head.sha256(), file);
	}

	/**
	 * Publishes each window, going on past those that fail (a store refusing one object says nothing about the
	 * next), so that one bad window does not hold back the others, then records for each window whether it was
	 * published. Windows are published as many at once as the spec exports at once: rendering and compressing a
	 * window's CSV is CPU work that would otherwise run on one core after every window was read (measured in issue 8).
	 * Each window's objects are its own, so the order they are published in does not matter; the links come back in
	 * the windows' order.
	 */
	private List<RunManifest.Link> publishEach(JobInstance instance, List<WindowOutcome> windows,
			Provenance provenance) {
		List<Future<RunManifest.Link>> published = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(this.spec.concurrency(),
				windows.size())), new CustomizableThreadFactory("publish-"));
		List<Attempt> attempts;
		try {
			for (WindowOutcome outcome : windows) {
				published.add(pool.submit(() -> publish(outcome, provenance)));
			}
			attempts = attempts(windows, published);
		}
		finally {
			pool.shutdownNow();
		}
		this.recording.executeWithoutResult((transaction) -> {
			for (Attempt attempt : attempts) {
				WindowOutcome window = attempt.window();
				this.outcomes.recordPublication(instance,
						new WindowPartition(window.source(), window.target(), window.window()), attempt.failure());
			}
		});
		return linksOf(attempts);
	}

	/** What publishing one window came to: its manifest, or why it could not be published. */
	private record Attempt(WindowOutcome window, RunManifest.@Nullable Link link, @Nullable String failure,
			@Nullable RuntimeException exception) {
	}

	private static List<Attempt> attempts(List<WindowOutcome> windows, List<Future<RunManifest.Link>> published) {
		List<Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < windows.size(); i++) {
			WindowOutcome outcome = windows.get(i);
			try {
				attempts.add(new Attempt(outcome, published.get(i).get(), null, null));
			}
			catch (ExecutionException ex) {
				RuntimeException failure = ex.getCause() instanceof RuntimeException runtime ? runtime
						: new IllegalStateException(ex.getCause());
				attempts.add(new Attempt(outcome, null, failure.getMessage() != null ? failure.getMessage()
						: failure.getClass().getSimpleName(), failure));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while publishing " + outcome.source() + "/"
						+ outcome.target() + " " + outcome.window(), ex);
			}
		}
		return attempts;
	}

	private static List<RunManifest.Link> linksOf(List<Attempt> attempts) {
		List<RunManifest.Link> links = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		RuntimeException first = null;
		for (Attempt attempt : attempts) {
			if (attempt.link() != null) {
				links.add(attempt.link());
				continue;
			}
			first = first == null ? attempt.exception() : first;
			WindowOutcome outcome = attempt.window();
			failures.add(outcome.source() + "/" + outcome.target() + " " + outcome.window() + ": " + attempt.failure());
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException(failures.size() + " of " + attempts.size() + " windows could not be "
					+ "published (the next run publishes them):\n  " + String.join("\n  ", failures), first);
		}
		return links;
	}

	private List<WindowOutcome> read(JobInstance instance, JobParameters parameters) {
		List<WindowPartition> plan = WindowPartition.plan(this.spec,
				Instant.parse(parameters.getString(ExportParameters.FROM)),
				Instant.parse(parameters.getString(ExportParameters.TO)));
		return this.outcomes.read(instance, plan);
	}

	/**
	 * Publishes a window's data, then its manifest. When the window was published before with other data, that version
	 * is kept first and the new manifest supersedes it; with the same data, the manifest keeps its version.
	 * @return the window's manifest, by key and hash
	 */
	private RunManifest.Link publish(WindowOutcome outcome, Provenance provenance) {
		LogSource logSource = this.sources.source(outcome.source());
		String manifestKey = this.layout.manifestKey(outcome.source(), outcome.target(), outcome.window());
		Optional<WindowVersions.Current> current = this.versions.current(manifestKey);
		String versionFolder = current
			.map((published) -> this.layout.versionFolder(outcome.source(), outcome.target(), outcome.window(),
					published.version()))
			.orElse(null);
		List<Map<String, String>> archivedFiles = new ArrayList<>();
		WindowObjectWriter.Staged staged = WindowObjectWriter.Staged.of(
				this.layout.stagingFile(outcome.source(), outcome.target(), outcome.window(), logSource.layout()),
				outcome.counts());
		WindowObjectWriter.PublishedFile file = this.publisher.publishData(staged,
				this.layout.dataKey(outcome.source(), outcome.target(), outcome.window()), logSource.layout(),
				this.spec.destination().compression(),
				logSource.archivesFiles() ? (row) -> logSource.archivedFile(row).ifPresent(archivedFiles::add) : null,
				(sha256) -> {
					if (current.isPresent() && !current.get().sha256().equals(sha256)) {
						this.versions.keep(current.get(), versionFolder);
					}
				});
		for (Map<String, String> archived : archivedFiles) {
			String key = archived.get("path");
			this.publisher.publishFile(this.layout.staged(key), key, archived.get("sha256"));
		}
		SourceSpec source = this.spec.source(outcome.source()).orElseThrow();
		int version = 1;
		RunManifest.Link supersedes = null;
		Provenance replacedBy = null;
		if (current.isPresent() && current.get().sha256().equals(file.sha256())) {
			version = current.get().version();
			supersedes = current.get().supersedes();
			replacedBy = current.get().provenance();
		}
		else if (current.isPresent()) {
			version = current.get().version() + 1;
			supersedes = this.versions.kept(current.get(), versionFolder);
			replacedBy = provenance;
			log.info("{}/{} {}: version {} replaces version {}, which is kept under {} ({})", outcome.source(),
					outcome.target(), outcome.window(), version, version - 1, versionFolder, provenance.reason());
		}
		WindowManifest manifest = new WindowManifest(source.type().name(), source.timeZone().getId(),
				source.target(outcome.target()).parameters(), file.name(),
				this.spec.destination().compression().name().toLowerCase(Locale.ROOT), file.columns(), file.bytes(),
				file.sha256(), archivedFiles, outcome, version, supersedes, replacedBy);
		byte[] json = manifest.toJson();
		this.publisher.writeManifest(manifestKey, json);
		return new RunManifest.Link(manifestKey, RunManifestChain.sha256(json));
	}

}
