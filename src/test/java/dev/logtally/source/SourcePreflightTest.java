package dev.logtally.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A check before the run that takes a while says so first, in one line; a quick one says nothing. */
class SourcePreflightTest {

	@TempDir
	Path dir;

	@Test
	void aQuickCheckIsNotAnnounced() {
		assertThat(SourcePreflight.announcement(spec(14, 5))).isEmpty();
	}

	@Test
	void aCheckThatTakesSecondsAtTheRateLimitSaysHowManyTargetsAndAboutHowLong() {
		assertThat(SourcePreflight.announcement(spec(40, 5)))
			.contains("checking 40 targets of 1 source before anything is written (about 8 s at their rate limits)");
	}

	@Test
	void aLongCheckIsCountedInMinutes() {
		assertThat(SourcePreflight.announcement(spec(1_000, 5)))
			.contains("checking 1000 targets of 1 source before anything is written (about 3 min at their rate limits)");
	}

	private JobSpec spec(int functions, double rateLimit) {
		SpecBuilder spec = SpecBuilder.forEndpoint(URI.create("http://127.0.0.1:9"))
			.destination(this.dir.resolve("archive"))
			.credentialVariables("SECRET_ID", "SECRET_KEY")
			.rateLimit(rateLimit);
		for (int i = 0; i < functions; i++) {
			spec.function("fn-" + i);
		}
		return new JobSpecLoader(SourceKinds.all(), Map.of()).load(spec.writeTo(this.dir.resolve("job.yaml")));
	}

}
