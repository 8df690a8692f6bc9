package dev.logtally.batch;

import java.time.Instant;
import java.util.Objects;

import dev.logtally.archive.Provenance;

import dev.logtally.jobspec.JobSpec;
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
		String specFile, Provenance provenance) {

	static final String SPEC_NAME = "spec.name";

	static final String SPEC_SHA256 = "spec.sha256";

	static final String FROM = "from";

	static final String TO = "to";

	static final String ATTEMPT = "attempt";

	static final String SPEC_FILE = "spec.file";

	static final String REASON = "reason";

	static final String REQUESTED_BY = "requested.by";

	static final String REQUESTED_AT = "requested.at";

	/** @param provenance why, by whom and when the run was asked for: not part of its identity */
	public static ExportParameters of(JobSpec spec, Instant from, Instant to, long attempt, Provenance provenance) {
		return new ExportParameters(spec.name(), spec.sha256(), from, to, attempt, spec.file().toString(), provenance);
	}

	/** The provenance of a run, from its parameters (a run started before they held one: an export by nobody known). */
	static Provenance provenance(JobParameters parameters) {
		String at = parameters.getString(REQUESTED_AT);
		return new Provenance(Objects.requireNonNullElse(parameters.getString(REASON), "export"),
				Objects.requireNonNullElse(parameters.getString(REQUESTED_BY), "unknown"),
				at == null ? Instant.EPOCH : Instant.parse(at));
	}

	public JobParameters toJobParameters() {
		return new JobParametersBuilder().addString(SPEC_NAME, this.specName)
			.addString(SPEC_SHA256, this.specSha256)
			.addString(FROM, this.from.toString())
			.addString(TO, this.to.toString())
			.addLong(ATTEMPT, this.attempt)
			.addString(SPEC_FILE, this.specFile, false)
			.addString(REASON, this.provenance.reason(), false)
			.addString(REQUESTED_BY, this.provenance.requestedBy(), false)
			.addString(REQUESTED_AT, this.provenance.requestedAt().toString(), false)
			.toJobParameters();
	}

	public ExportParameters nextAttempt() {
		return new ExportParameters(this.specName, this.specSha256, this.from, this.to, this.attempt + 1,
				this.specFile, this.provenance);
	}

}
