package dev.logtally.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.logtally.http.SourceException;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.sandbox.DemoSandbox;
import dev.logtally.sandbox.SandboxSource;
import dev.logtally.sandbox.SandboxSource.ContractTarget;
import dev.logtally.sandbox.SandboxSource.Started;
import dev.logtally.sandbox.SandboxSources;
import dev.logtally.tally.WindowCounts;
import dev.logtally.testing.ReadTape;
import dev.logtally.window.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every source passes, run against its emulator for every source registered in {@link SandboxSources}: a
 * new source gets these tests by registering its sandbox source. Its spec section loads through the job spec loader;
 * it is part of the demo; through the production {@link LogSource}, a window spanning several pages is read with every
 * record once and in the order of the source's time; a reader restarted from any checkpoint goes on exactly where it
 * stopped; the source's count, where it has one, agrees with the records read and with the emulator; a probe passes,
 * and with a wrong secret fails with a source error that names the source and holds no secret.
 */
class SourceContractTest {

	/** Records per simulated chunk: not a multiple of any contract page size, so that restarts fall inside pages. */
	private static final int CHUNK = 4;

	@TempDir
	static Path dir;

	private static final List<Started> STARTED = new ArrayList<>();

	@AfterAll
	static void stop() {
		STARTED.forEach(Started::close);
	}

	/**
	 * Every kind the spec loader knows has a sandbox source, and every sandbox source emulates a kind the loader knows.
	 */
	@Test
	void everySourceKindOfTheSpecLoaderHasASandboxSourceAndNoOtherHasOne() {
		assertThat(SandboxSources.all().stream().map(SandboxSource::kind))
			.containsExactlyInAnyOrderElementsOf(SourceKinds.all().stream().map(SourceKind::name).toList());
	}

	@Test
	void theDemoStartsEverySandboxSourceInItsOrderAndItsSpecExportsFromEach() {
		try (DemoSandbox demo = DemoSandbox.start(dir.resolve("demo"), "demo-job.yaml", 0, 0)) {
			JobSpec spec = new JobSpecLoader(SourceKinds.all(), Map.of()).load(demo.spec());

			assertThat(demo.sources().stream().map((started) -> started.source().kind()))
				.containsExactlyElementsOf(SandboxSources.all().stream().map(SandboxSource::kind).toList());
			for (Started started : demo.sources()) {
				assertThat(spec.source(started.sourceId())).as(started.sourceId())
					.hasValueSatisfying((source) -> assertThat(source.type().name()).isEqualTo(started.source().kind()));
			}
		}
	}

	@TestFactory
	Stream<DynamicContainer> everyRegisteredSourcePassesTheContractAgainstItsEmulator() throws IOException {
		List<DynamicContainer> sources = new ArrayList<>();
		for (SandboxSource source : SandboxSources.all()) {
			Contract contract = Contract.start(source, dir.resolve(source.kind()));
			sources.add(DynamicContainer.dynamicContainer(source.kind(), Stream.of(
					DynamicTest.dynamicTest("its spec section loads from YAML with no problem", contract::loads),
					DynamicTest.dynamicTest("a window on several pages reads every record once, in time order",
							contract::readsEveryRecordOnceInOrder),
					DynamicTest.dynamicTest("a reader restarted from any checkpoint reads on exactly",
							contract::resumesFromEveryCheckpoint),
					DynamicTest.dynamicTest("its count agrees with the records read and the emulator",
							contract::countsWhatItReads),
					DynamicTest.dynamicTest("a probe passes", contract::probes),
					DynamicTest.dynamicTest("a probe with a wrong secret fails naming the source and no secret",
							contract::probeWithAWrongSecretFailsNamingTheSource))));
		}
		return sources.stream();
	}

	/** One sandbox source's contract emulator, and the spec that reads it. */
	private record Contract(Started started, ContractTarget target, Path specFile, Path folder) {

		static Contract start(SandboxSource source, Path folder) throws IOException {
			Path credentials = Files.createDirectories(folder.resolve("credentials"));
			Started started = source.startContract(credentials);
			STARTED.add(started);
			Path spec = folder.resolve("contract-job.yaml");
			Files.writeString(spec, """
					name: contract
					zone: "+08:00"
					destination:
					  path: %s
					sources:
					""".formatted(folder.resolve("archive")) + started.specSection());
			return new Contract(started, started.contract().orElseThrow(), spec, folder);
		}

		void loads() {
			JobSpec spec = new JobSpecLoader(SourceKinds.all(), Map.of()).load(this.specFile);

			assertThat(spec.sources()).singleElement()
				.satisfies((source) -> assertThat(source.id()).isEqualTo(this.started.sourceId()))
				.satisfies((source) -> assertThat(source.target(this.target.target())).isNotNull());
		}

		void readsEveryRecordOnceInOrder() throws Exception {
			int servedBefore = this.started.emulator().servedCount();

			Read read = read(new ExecutionContext(), Integer.MAX_VALUE, new ReadTape());

			assertThat(read.records()).hasSize((int) this.target.records())
				.extracting(ExportRecord::naturalKey)
				.doesNotHaveDuplicates();
			List<Long> seconds = read.records().stream().map(ExportRecord::epochSecond).toList();
			// in the order of their time, whichever way the source pages it (legacy SCF: newest first)
			assertThat(seconds).satisfiesAnyOf((order) -> assertThat(order).isSorted(),
					(order) -> assertThat(order).isSortedAccordingTo(Comparator.reverseOrder()));
			assertThat(seconds).allSatisfy((second) -> assertThat(second).isBetween(this.target.window().start().getEpochSecond(),
						this.target.window().end().getEpochSecond() - 1));
			assertThat(read.counts().read()).isEqualTo(this.target.records());
			assertThat(this.started.emulator().servedCount() - servedBefore).as("answers served for one window")
				.isGreaterThan(2);
		}

		void resumesFromEveryCheckpoint() throws Exception {
			List<ExportRecord> whole = read(new ExecutionContext(), Integer.MAX_VALUE, new ReadTape()).records();

			for (int chunks = 0; chunks * CHUNK <= whole.size(); chunks++) {
				ExecutionContext context = new ExecutionContext();
				ReadTape tape = new ReadTape();
				read(context, chunks * CHUNK, tape);
				Read resumed = read(context, Integer.MAX_VALUE, tape);

				assertThat(archived(resumed.records())).as("restarted after %d records", chunks * CHUNK)
					.isEqualTo(archived(whole));
				assertThat(resumed.counts().read()).as("restarted after %d records", chunks * CHUNK)
					.isEqualTo(whole.size());
			}
		}

		void countsWhatItReads() throws Exception {
			OptionalLong count = clients(credentials()).source(this.started.sourceId())
				.count(targetSpec(), this.target.window());
			Read read = read(new ExecutionContext(), Integer.MAX_VALUE, new ReadTape());

			if (count.isPresent()) {
				assertThat(count.getAsLong()).isEqualTo(this.target.records()).isEqualTo(read.records().size());
			}
			assertThat(read.counts().expected()).isEqualTo(this.target.records());
		}

		void probes() {
			clients(credentials()).source(this.started.sourceId()).probe(targetSpec(), this.target.window());
		}

		void probeWithAWrongSecretFailsNamingTheSource() throws IOException {
			String secret = Files.readString(this.started.secretFile());
			String wrong = "wrong" + secret.substring(5);
			Files.writeString(this.started.secretFile(), wrong);
			try {
				LogSource source = clients(credentials()).source(this.started.sourceId());

				assertThatThrownBy(() -> source.probe(targetSpec(), this.target.window()))
					.isInstanceOfSatisfying(SourceException.class,
							(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
					.hasMessageContaining(this.started.sourceId())
					.message()
					.doesNotContain(wrong)
					.doesNotContain(secret);
			}
			finally {
				Files.writeString(this.started.secretFile(), secret);
			}
		}

		/**
		 * Opens a production reader on {@code context}, reads up to {@code limit} records onto the tape, saves its
		 * state and closes it, as a step does at a commit before it is killed.
		 */
		private Read read(ExecutionContext context, int limit, ReadTape tape) throws Exception {
			ItemStreamReader<WindowItem> reader = clients(credentials()).source(this.started.sourceId())
				.reader(targetSpec(), this.target.window());
			reader.open(context);
			tape.readFrom(reader, limit);
			reader.update(context);
			reader.close();
			return new Read(tape.records(), WindowCounts.load(context));
		}

		private TargetSpec targetSpec() {
			return spec().source(this.started.sourceId()).orElseThrow().target(this.target.target());
		}

		private JobSpec spec() {
			return new JobSpecLoader(SourceKinds.all(), Map.of()).load(this.specFile);
		}

		private Map<String, Map<String, Secret>> credentials() {
			return new JobSpecLoader(SourceKinds.all(), Map.of()).resolveCredentials(spec());
		}

		private SourceClients clients(Map<String, Map<String, Secret>> credentials) {
			return new SourceClients(spec(), credentials, new FolderStaging(this.folder.resolve("staging")),
					Clock.systemUTC());
		}

	}

	/**
	 * What the archive keeps of records: their rows, in order. Not their natural keys, which only tell the duplicates of
	 * one read apart (an SLS key names the leaf the record was read in, and a restarted reader plans its leaves anew).
	 */
	private static List<List<String>> archived(List<ExportRecord> records) {
		return records.stream().map((record) -> {
			List<String> row = new ArrayList<>(List.of(Long.toString(record.epochSecond())));
			record.fields().forEach((name, value) -> row.add(name + "=" + value));
			return row;
		}).toList();
	}

	private record Read(List<ExportRecord> records, WindowCounts counts) {
	}

	/** Staging in a folder of its own, keyed as plainly as can be: the contract reads, it does not publish. */
	private record FolderStaging(Path root) implements FileStaging {

		@Override
		public String archivedFileKey(String source, String target, Window window, String fileId) {
			return source + "/" + window.start().getEpochSecond() + "/" + fileId.replaceAll("[^A-Za-z0-9._-]", "_");
		}

		@Override
		public Path staged(String key) {
			return this.root.resolve(key);
		}

	}

}
