package dev.logtally.sandbox.rds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RdsDatasetTest {

	private static final String PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");

	private static final Instant TO = FROM.plus(Duration.ofDays(20));

	private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

	private static final Pattern ID = Pattern
		.compile("(fa163e[0-9a-f]{6})t(1[0-9a-f]{3})([0-9a-f]{4})([0-9a-f]{8})([89ab][0-9a-f]{3})br01");

	private static RdsDataset.Builder builder(long seed) {
		return RdsDataset.builder(seed)
			.instance(PROJECT, INSTANCE, FROM, TO, 100)
			.sizeMismatch(PROJECT, INSTANCE, 4)
			.largeFiles(PROJECT, INSTANCE, 2, 3_000_000)
			.instance(PROJECT, "other-instance", FROM, FROM.plus(Duration.ofDays(2)), 10);
	}

	private final RdsDataset dataset = builder(143).build();

	private final List<AuditFile> files = this.dataset.files(PROJECT, INSTANCE);

	@Test
	void theSameSeedGivesTheSameFilesAndBytesAndAnotherSeedDoesNot() {
		RdsDataset again = builder(143).build();
		assertThat(again.files(PROJECT, INSTANCE)).isEqualTo(this.files);
		AuditFile first = this.files.get(0);
		assertThat(again.sha256(first.id())).isEqualTo(this.dataset.sha256(first.id()));
		assertThat(builder(144).build().files(PROJECT, INSTANCE)).isNotEqualTo(this.files);
	}

	@Test
	void anInstanceDoesNotDependOnTheOthersDeclared() {
		RdsDataset alone = RdsDataset.builder(143)
			.instance(PROJECT, "other-instance", FROM, FROM.plus(Duration.ofDays(2)), 10)
			.build();
		assertThat(alone.files(PROJECT, "other-instance")).isEqualTo(this.dataset.files(PROJECT, "other-instance"));
	}

	@Test
	void filesAreSortedLieInTheRangeAndCoverHalfAnHourToSixHours() {
		assertThat(this.files).hasSize(100)
			.isSortedAccordingTo(Comparator.comparing(AuditFile::begin).thenComparing(AuditFile::id));
		for (AuditFile file : this.files) {
			assertThat(file.begin()).isAfterOrEqualTo(FROM);
			assertThat(file.end()).isBefore(TO);
			assertThat(Duration.between(file.begin(), file.end())).isBetween(Duration.ofMinutes(30), Duration.ofHours(6));
			assertThat(file.begin().getNano()).isZero();
		}
	}

	@Test
	void someFilesStraddleAMidnightInBeijingAndSomeAMidnightInUtc() {
		assertThat(this.files).anyMatch((file) -> straddlesMidnight(file, BEIJING));
		assertThat(this.files).anyMatch((file) -> straddlesMidnight(file, ZoneOffset.UTC));
		RdsDataset utc = RdsDataset.builder(7)
			.timeZone(ZoneOffset.UTC)
			.instance(PROJECT, INSTANCE, FROM, FROM.plus(Duration.ofDays(3)), 12)
			.build();
		assertThat(utc.timeZone()).isEqualTo(ZoneOffset.UTC);
		assertThat(utc.files(PROJECT, INSTANCE).stream().filter((file) -> straddlesMidnight(file, ZoneOffset.UTC)))
			.hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void idsAndNamesFollowTheRdsShapeWithAVersionOneUuidOfTheBeginTime() {
		for (AuditFile file : this.files) {
			Matcher id = ID.matcher(file.id());
			assertThat(id.matches()).as(file.id()).isTrue();
			String uuid = id.group(4) + "-" + id.group(3) + "-" + id.group(2) + "-" + id.group(5) + "-" + id.group(1);
			assertThat(file.name()).endsWith("_Audit_" + uuid).startsWith(INSTANCE + "/Audit/");
			long hundredNanos = Long.parseLong(id.group(2).substring(1) + id.group(3) + id.group(4), 16)
					- 0x01B21DD213814000L;
			assertThat(hundredNanos / 10_000_000L).isEqualTo(file.begin().getEpochSecond());
		}
		assertThat(this.files.stream().map(AuditFile::id).distinct()).hasSize(100);
	}

	@Test
	void normalFilesAreOneKilobyteToTwoMegabytesListedAsKilobytesToSixDecimals() {
		List<AuditFile> normal = this.files.stream()
			.filter((file) -> !file.sizeMismatched() && file.bytes() != 3_000_000)
			.toList();
		assertThat(normal).hasSize(94);
		for (AuditFile file : normal) {
			assertThat(file.bytes()).isBetween(1024L, 2L * 1024 * 1024);
			assertThat(file.sizeKb()).isEqualTo(Math.round(file.bytes() / 1024.0 * 1e6) / 1e6);
		}
	}

	@Test
	void largeFilesHaveExactlyTheLengthAskedForAndMismatchedOnesDifferByMoreThanAKilobyte() {
		assertThat(this.files.stream().filter((file) -> file.bytes() == 3_000_000))
			.hasSize(2)
			.allMatch((file) -> file.sizeKb() == 2929.6875);
		List<AuditFile> mismatched = this.files.stream().filter(AuditFile::sizeMismatched).toList();
		assertThat(mismatched).hasSize(4)
			.allMatch((file) -> Math.abs(file.sizeKb() * 1024 - file.bytes()) > 1024)
			.allMatch((file) -> file.bytes() >= 1024);
	}

	@Test
	void contentHasTheExactLengthAndIsCompleteCsvLinesWithNonDecreasingTimesInsideTheSpan() throws IOException {
		for (AuditFile file : this.files.subList(0, 10)) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(this.dataset.write(file, out, Long.MAX_VALUE)).isEqualTo(file.bytes());
			byte[] bytes = out.toByteArray();
			assertThat(bytes).hasSize((int) file.bytes());
			assertThat(this.dataset.bytes(file.id())).isEqualTo(file.bytes());
			String text = new String(bytes, StandardCharsets.US_ASCII);
			assertThat(text).endsWith("\n");
			String previous = "";
			long record = 0;
			for (String line : text.split("\n")) {
				String[] fields = line.split(",", 8);
				assertThat(fields).hasSize(8);
				assertThat(Long.parseLong(fields[0])).isEqualTo(++record);
				assertThat(fields[1]).isEqualTo("Query");
				Instant time = Instant.parse(fields[2]);
				assertThat(time).isBetween(file.begin(), file.end());
				assertThat(fields[2]).isGreaterThanOrEqualTo(previous);
				previous = fields[2];
			}
			ByteArrayOutputStream half = new ByteArrayOutputStream();
			assertThat(this.dataset.write(file, half, file.bytes() / 2)).isEqualTo(file.bytes() / 2);
			assertThat(half.toByteArray()).isEqualTo(Arrays.copyOf(bytes, (int) (file.bytes() / 2)));
		}
	}

	@Test
	void contentIsGeneratedThroughOneSmallBuffer() {
		assertThat(AuditFileContent.BUFFER_BYTES).isLessThanOrEqualTo(64 * 1024);
	}

	@Test
	void refusesWhatItCannotGenerate() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RdsDataset.builder(1).instance(PROJECT, INSTANCE, FROM, FROM.plusSeconds(10), 6));
		assertThatIllegalArgumentException().isThrownBy(() -> RdsDataset.builder(1)
			.instance(PROJECT, INSTANCE, FROM, TO, 3)
			.largeFiles(PROJECT, INSTANCE, 2, 5_000)
			.sizeMismatch(PROJECT, INSTANCE, 2)
			.build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RdsDataset.builder(1).instance(PROJECT, INSTANCE, FROM, TO, 3).instance(PROJECT, INSTANCE,
					FROM, TO, 3));
		assertThatIllegalStateException()
			.isThrownBy(() -> RdsDataset.builder(1).largeFiles(PROJECT, INSTANCE, 1, 5_000).build());
		assertThatIllegalArgumentException().isThrownBy(() -> this.dataset.bytes("nope"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.dataset.files(PROJECT, "nope"));
	}

	private static boolean straddlesMidnight(AuditFile file, ZoneOffset zone) {
		LocalDate beginDay = file.begin().atOffset(zone).toLocalDate();
		return file.end().atOffset(zone).toLocalDate().isAfter(beginDay);
	}

}
