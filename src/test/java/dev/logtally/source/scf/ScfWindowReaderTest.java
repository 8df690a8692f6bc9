package dev.logtally.source.scf;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.reconcile.WindowCounts;
import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import dev.logtally.source.ExportRecord;
import dev.logtally.spec.RetrySpec;
import dev.logtally.spec.Secret;
import dev.logtally.spec.SourceOptions;
import dev.logtally.spec.SourceSpec;
import dev.logtally.spec.SourceType;
import dev.logtally.spec.ScfTarget;
import dev.logtally.window.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per restart edge case of the reader: the step's execution context is saved after some records, a new
 * reader opens with it, and together the two readers return exactly what one uninterrupted reader returns.
 */
class ScfWindowReaderTest {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final Window WINDOW = new Window(DAY, DAY.plusSeconds(86_400));

	private static final Instant BURST = DAY.plusSeconds(40_000);

	private static ScfEmulator emulator;

	private static ScfApiClient client;

	@BeforeAll
	static void start() {
		emulator = ScfEmulator.builder()
			.credential("AKIDreader", "reader-key")
			.dataset(ScfDataset.builder(8)
				.hostile(false)
				.function("default", "fn", DAY, DAY.plusSeconds(86_400), 12_500)
				.burst("default", "hot", BURST, 10_020)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		SourceSpec source = new SourceSpec("scf", SourceType.TENCENT_SCF, emulator.endpoint(), ZoneId.of("+08:00"),
				Map.of(), Duration.ofDays(1), 1000, 700, Duration.ofSeconds(10), RetrySpec.DEFAULT,
				new SourceOptions.Scf("ap-guangzhou", "scf"), List.of());
		client = new ScfApiClient(source, new ScfCredentials("AKIDreader", Secret.of("reader-key"), null),
				HttpClient.newHttpClient(), new RateBudgets(Map.of("a", 1000.0)).forAccount("a"),
				new RetryPolicy("test", RetrySpec.DEFAULT, Duration.ZERO), Clock.systemUTC());
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void readsAWindowAboveTheCapInSlicesAndCountsIt() {
		ReadResult all = readAll("fn", new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.records()).hasSize(12_500);
		assertThat(all.counts()).isEqualTo(new WindowCounts(12_500, 12_500, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
		assertThat(all.records().stream().map(ExportRecord::epochSecond).toList()).isSorted();
	}

	@Test
	void resumesInTheMiddleOfAPage() {
		assertResumesExactlyAfter("fn", 1_234);
	}

	@Test
	void resumesOnAPageBoundary() {
		assertResumesExactlyAfter("fn", 1_400);
	}

	@Test
	void resumesAtTheEndOfASlice() {
		ExecutionContext context = new ExecutionContext();
		readAll("fn", context, 0);
		String firstSlice = context.getString("reader.plan").split(";")[0];
		int sliceSize = Integer.parseInt(firstSlice.split(":")[2]);

		assertResumesExactlyAfter("fn", sliceSize);
	}

	@Test
	void resumesInsideASecondThatHoldsMoreThanTheCapAndStillReportsWhatTheCapHid() {
		ReadResult resumed = assertResumesExactlyAfter("hot", 9_999);

		assertThat(resumed.counts().missed()).isEqualTo(20);
		assertThat(resumed.counts().verdict().name()).isEqualTo("TRUNCATED");
	}

	@Test
	void aRestartAfterTheLastRecordReadsNothingMore() {
		ExecutionContext context = new ExecutionContext();
		readAll("fn", context, Integer.MAX_VALUE);
		int served = emulator.servedCount();

		ReadResult after = readAll("fn", context, Integer.MAX_VALUE);

		assertThat(after.records()).isEmpty();
		assertThat(emulator.servedCount()).isEqualTo(served);
		assertThat(after.counts().expected()).isEqualTo(12_500);
	}

	private static ReadResult assertResumesExactlyAfter(String function, int records) {
		ReadResult reference = readAll(function, new ExecutionContext(), Integer.MAX_VALUE);
		StepExecution step = MetaDataInstanceFactory.createStepExecution();
		ExecutionContext committed = step.getExecutionContext();
		ReadResult first = readAll(function, committed, records);
		ReadResult second = readAll(function, committed, Integer.MAX_VALUE);

		List<ExportRecord> joined = new ArrayList<>(first.records());
		joined.addAll(second.records());
		assertThat(joined).isEqualTo(reference.records());
		assertThat(second.counts()).isEqualTo(reference.counts());
		return second;
	}

	/** Opens a reader on {@code context}, reads up to {@code limit} records, saves its state and closes it. */
	private static ReadResult readAll(String function, ExecutionContext context, int limit) {
		ScfWindowReader reader = new ScfWindowReader(client,
				new ScfTarget(function, function, "default", null, null), WINDOW, 700,
				new FunctionLogColumns(ZoneId.of("+08:00")));
		reader.open(context);
		List<ExportRecord> records = new ArrayList<>();
		ExportRecord record;
		while (records.size() < limit && (record = reader.read()) != null) {
			records.add(record);
		}
		reader.update(context);
		reader.close();
		return new ReadResult(records, WindowCounts.load(context));
	}

	private record ReadResult(List<ExportRecord> records, WindowCounts counts) {
	}

}
