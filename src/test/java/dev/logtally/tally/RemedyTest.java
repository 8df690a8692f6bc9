package dev.logtally.tally;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice of a run's last line follows from its failures: resume, free space, or fix first. */
class RemedyTest {

	@Test
	void aFailureWithoutAdviceOfItsOwnIsResumed() {
		assertThat(Remedy.of("source s: gave up after 8 attempts: HTTP 503")).isEqualTo(Remedy.RESUME);
		assertThat(Remedy.forAll(Arrays.asList(null, "timeout"))).isEqualTo(Remedy.RESUME);
	}

	@Test
	void aFullDiskAsksForSpaceAndALastingFaultForAFixWhichWins() {
		String full = "/h/x: no space left on device; " + Remedy.FREE_SPACE.after("free space");
		String readOnly = "/a: read-only file system; " + Remedy.FIX.after("remount it read-write");

		assertThat(Remedy.forAll(Arrays.asList("timeout", full))).isEqualTo(Remedy.FREE_SPACE);
		assertThat(Remedy.forAll(Arrays.asList(full, readOnly, "timeout"))).isEqualTo(Remedy.FIX);
		assertThat(readOnly).endsWith("remount it read-write, then run the same command again");
	}

}
