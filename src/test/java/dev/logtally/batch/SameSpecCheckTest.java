package dev.logtally.batch;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SameSpecCheckTest {

	@TempDir
	Path dir;

	@Test
	void aWindowOfARunStartedWithThisSpecRuns() {
		JobSpec spec = spec();

		assertThatNoException().isThrownBy(() -> new SameSpecCheck(spec).beforeStep(window(spec.sha256())));
	}

	@Test
	void aWindowOfARunStartedWithAnotherVersionOfTheSpecIsRefusedNamingBothHashes() {
		JobSpec spec = spec();
		String other = "0".repeat(64);

		assertThatIllegalStateException().isThrownBy(() -> new SameSpecCheck(spec).beforeStep(window(other)))
			.withMessageContaining(spec.file().toString())
			.withMessageContaining(spec.sha256())
			.withMessageContaining(other)
			.withMessageContaining("start every worker with the manager's spec file");
	}

	private JobSpec spec() {
		Path file = SpecBuilder.forEndpoint(URI.create("http://127.0.0.1:9"))
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDspec", "spec-key")
			.function("fn")
			.writeTo(this.dir.resolve("job.yaml"));
		return new JobSpecLoader(SourceKinds.all(), Map.of()).load(file);
	}

	private static StepExecution window(String specSha256) {
		JobExecution run = new JobExecution(7, new JobInstance(3, ExportJobConfiguration.JOB),
				new JobParametersBuilder().addString(ExportParameters.SPEC_SHA256, specSha256).toJobParameters());
		return new StepExecution(11, "exportWindow:scf-test/fn/20261101", run);
	}

}
