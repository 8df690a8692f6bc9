package dev.logtally.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Logs the start of every run under its one name, {@code run <id>}: the job execution's id in the job repository, as
 * the final summary, the reports, {@code status} and the JSON logs' {@code logtally.run} name it. A run that resumes
 * a stopped or killed one is a run of its own, with its own id.
 */
final class RunStartLog implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	@Override
	public void beforeJob(JobExecution execution) {
		JobParameters parameters = execution.getJobParameters();
		Long attempt = parameters.getLong(ExportParameters.ATTEMPT);
		log.atInfo()
			.addKeyValue("logtally.job", parameters.getString(ExportParameters.SPEC_NAME))
			.addKeyValue("logtally.run", execution.getId())
			.log("starting run {} of {} for [{}, {}){}", execution.getId(),
					parameters.getString(ExportParameters.SPEC_NAME), parameters.getString(ExportParameters.FROM),
					parameters.getString(ExportParameters.TO),
					attempt != null && attempt > 1 ? " (the range was exported before)" : "");
	}

}
