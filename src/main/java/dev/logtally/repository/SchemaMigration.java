package dev.logtally.repository;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Creates or upgrades the job repository's schema with Flyway ({@code db/logtally/<vendor>}): Spring Batch's tables
 * and logtally's. Flyway serialises processes that start together on a fresh database (on PostgreSQL with an advisory
 * lock), where {@code CREATE TABLE IF NOT EXISTS} races.
 *
 * <p>A repository created before the schema was Flyway's (by Spring Batch's {@code initialize-schema}) already has
 * the tables of version 1 but no schema history: it is baselined at version 1 (on H2 at 0, see below) and upgraded
 * from there. A database
 * with other tables but no {@code BATCH_JOB_INSTANCE} is migrated from the start, never baselined blindly.
 */
public final class SchemaMigration implements FlywayMigrationStrategy {

	@Override
	public void migrate(Flyway flyway) {
		boolean h2 = isH2(flyway);
		if (h2 && Arrays.stream(flyway.info().all()).anyMatch((migration) -> migration.getState().isFailed())) {
			// H2 commits each DDL statement: a migration cut short (a full disk) left some of its tables and a failed
			// entry. Its scripts create only what is missing, so forgetting the failure and running it again completes it.
			flyway.repair();
		}
		if (createdBeforeFlyway(flyway)) {
			// Baselining under Flyway's lock: a second process that finds the history already there migrates as usual.
			// On H2 below version 1, whose script then adds whatever an interrupted creation left out.
			Flyway.configure(flyway.getConfiguration().getClassLoader())
				.configuration(flyway.getConfiguration())
				.baselineOnMigrate(true)
				.baselineVersion(h2 ? "0" : "1")
				.baselineDescription("job repository created before Flyway")
				.load()
				.migrate();
		}
		else {
			flyway.migrate();
		}
	}

	private static boolean isH2(Flyway flyway) {
		try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
			return connection.getMetaData().getURL().startsWith("jdbc:h2:");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot open the job repository: " + ex.getMessage(), ex);
		}
	}

	private static boolean createdBeforeFlyway(Flyway flyway) {
		DataSource dataSource = flyway.getConfiguration().getDataSource();
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metadata = connection.getMetaData();
			return hasTable(metadata, "batch_job_instance")
					&& !hasTable(metadata, flyway.getConfiguration().getTable());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the job repository's tables: " + ex.getMessage(), ex);
		}
	}

	/** In the connection's schema, in either case: H2 keeps unquoted names upper case, PostgreSQL lower case. */
	private static boolean hasTable(DatabaseMetaData metadata, String name) throws SQLException {
		String schema = metadata.getConnection().getSchema();
		for (String candidate : new String[] { name.toLowerCase(java.util.Locale.ROOT),
				name.toUpperCase(java.util.Locale.ROOT) }) {
			try (ResultSet tables = metadata.getTables(null, schema, candidate, new String[] { "TABLE" })) {
				if (tables.next()) {
					return true;
				}
			}
		}
		return false;
	}

}
