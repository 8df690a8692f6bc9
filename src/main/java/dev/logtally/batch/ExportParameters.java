package dev.logtally.batch;

import java.time.Instant;

import dev.logtally.spec.JobSpec;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of an export run. They are stored in the job repository, so they hold names, times and hashes,
 * never a credential.
 *
 * <p>A run is identified by the spec's name and content hash, the range and an attempt number: an interrupted run is
 * resumed under the same identity; an edited spec or a different range is a new run; exporting a range again after it
 * completed is the next attempt.
 */
public record ExportParameters(String specName, String specSha256, Instant from, Instant to, long attempt,
		String specFile) {

	static final String SPEC_NAME = "spec.name";

	static final String SPEC_SHA256 = "spec.sha256";

	static final String FROM = "from";

	static final String TO = "to";

	static final String ATTEMPT = "attempt";

	static final String SPEC_FILE = "spec.file";

	public static ExportParameters of(JobSpec spec, Instant from, Instant to, long attempt) {
		return new ExportParameters(spec.name(), spec.sha256(), from, to, attempt, spec.file().toString());
	}

	public JobParameters toJobParameters() {
		return new JobParametersBuilder().addString(SPEC_NAME, this.specName)
			.addString(SPEC_SHA256, this.specSha256)
			.addString(FROM, this.from.toString())
			.addString(TO, this.to.toString())
			.addLong(ATTEMPT, this.attempt)
			.addString(SPEC_FILE, this.specFile, false)
			.toJobParameters();
	}

	public ExportParameters nextAttempt() {
		return new ExportParameters(this.specName, this.specSha256, this.from, this.to, this.attempt + 1,
				this.specFile);
	}

}
