package dev.logtally.batch;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import dev.logtally.archive.Archive;
import dev.logtally.repository.JobDatabasePreparation;
import dev.logtally.repository.SchemaMigration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The Spring Boot application behind the commands that run jobs. The command line starts it with the validated job
 * spec and the run's source clients registered as beans, so nothing secret passes through properties.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ExportJobConfiguration.class)
public class LogtallyApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Static: a post-processor must exist before the data source it prepares. */
	@Bean
	static JobDatabasePreparation jobDatabasePreparation(Environment environment) {
		return new JobDatabasePreparation(environment);
	}

	@Bean
	SchemaMigration schemaMigration() {
		return new SchemaMigration();
	}

	@Bean
	RunLock runLock(DataSource dataSource, @Value("${logtally.lock.lease:PT60S}") Duration lease) {
		return new RunLock(dataSource, lease);
	}

	@Bean
	HighWaterMarks highWaterMarks(DataSource dataSource) {
		return new HighWaterMarks(dataSource);
	}

	@Bean
	NightlyRun nightlyRun(ExportLauncher launcher, RunLock runLock, HighWaterMarks marks) {
		return new NightlyRun(launcher, runLock, marks);
	}

	@Bean
	ExportLauncher exportLauncher(JobOperator operator, JobRepository repository, Job exportJob, RunLock runLock,
			Archive archive, RunDelivery runDelivery) {
		return new ExportLauncher(operator, repository, exportJob, runLock, archive, runDelivery);
	}

}
