package dev.logtally.repository;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Prepares the default job repository ({@link JobDatabase#prepare()}) when the application's data source is created,
 * before anything (the schema migration first) opens a connection.
 */
public final class JobDatabasePreparation implements BeanPostProcessor {

	private final Environment environment;

	public JobDatabasePreparation(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource) {
			JobDatabase.of(this.environment).ifPresent(JobDatabase::prepare);
		}
		return bean;
	}

}
