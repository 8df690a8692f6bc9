package dev.logtally.bench;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading heap figures from a unified GC log, as {@link MemoryBenchmark} does with the jar's. */
class GcLogTest {

	private static final List<String> G1_LOG = List.of("[0.007s] Using G1",
			"[1.707s] GC(3) Pause Young (Concurrent Start) (Metadata GC Threshold) 85M->8M(256M) 16.778ms",
			"[1.707s] GC(4) Concurrent Mark Cycle", "[1.722s] GC(4) Pause Remark 10M->10M(40M) 2.193ms",
			"[1.725s] GC(4) Pause Cleanup 10M->10M(40M) 0.004ms", "[1.727s] GC(4) Concurrent Mark Cycle 19.774ms",
			"[5.984s] GC(17) Pause Full (Diagnostic Command) 67M->20M(77M) 69.487ms",
			"[7.100s] GC(18) Pause Young (Normal) (G1 Evacuation Pause) 170M->31M(256M) 3.456ms",
			"[9.999s] GC(19) Pause Young (Mixed) (G1 Evacuation Pause) 1G->512K(2G) 1.000ms");

	@Test
	void everyPauseCountsWithItsUptimeKindAndHeapFigures() {
		GcLog log = GcLog.parse(G1_LOG);

		assertThat(log.pauses()).extracting(GcLog.Pause::kind)
			.containsExactly("Young", "Remark", "Cleanup", "Full", "Young", "Young");
		assertThat(log.pauses().get(0)).isEqualTo(new GcLog.Pause(1.707, "Young", 85L << 20, 8L << 20, 256L << 20));
		assertThat(log.pauses().get(5)).isEqualTo(new GcLog.Pause(9.999, "Young", 1L << 30, 512L << 10, 2L << 30));
	}

	@Test
	void thePeakIsTheLargestHeapInUseBeforeAnyPause() {
		assertThat(GcLog.parse(G1_LOG).peakBytes()).isEqualTo(1L << 30);
		assertThat(GcLog.parse(List.of("[0.007s] Using G1")).peakBytes()).isZero();
	}

	@Test
	void theCurveIsTheMostLeftAfterACollectionPerPartAndSkipsRemarkAndCleanup() {
		List<OptionalLong> curve = GcLog.parse(G1_LOG).maxAfterPerPart(10, 5, GcLog.Pause::collects);

		// [0, 2): the young pause's 8 MB, not the remark's 10 MB; [4, 6): the full GC's 20 MB
		assertThat(curve).containsExactly(OptionalLong.of(8L << 20), OptionalLong.empty(), OptionalLong.of(20L << 20),
				OptionalLong.of(31L << 20), OptionalLong.of(512L << 10));
	}

	@Test
	void theLiveHeapCurveCountsFullCollectionsOnlyAndPausesAfterTheSpanInTheLastPart() {
		List<OptionalLong> curve = GcLog.parse(G1_LOG).maxAfterPerPart(6, 3, GcLog.Pause::full);

		assertThat(curve).containsExactly(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(20L << 20));
	}

}
