package dev.logtally.repository;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The job repository's schema on H2: created once, completed after an interruption, adopted from before Flyway. */
class SchemaMigrationTest {

	private static final List<String> TABLES = List.of("BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION",
			"BATCH_JOB_EXECUTION_PARAMS", "BATCH_STEP_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT",
			"BATCH_JOB_EXECUTION_CONTEXT", "LOGTALLY_LOCK", "LOGTALLY_HIGH_WATER", "BATCH_STEP_EXECUTION_SEQ",
			"BATCH_JOB_EXECUTION_SEQ", "BATCH_JOB_INSTANCE_SEQ");

	@TempDir
	Path dir;

	@Test
	void aFreshDatabaseGetsEveryTable() throws SQLException {
		JdbcDataSource database = database();
		new SchemaMigration().migrate(flyway(database));

		assertThat(tables(database)).containsAll(TABLES);
	}

	@Test
	void aFreshDatabaseHasTheIndexesThatKeepALookupOfAWindowsLastStepExecutionFromScanningTheRun() throws SQLException {
		JdbcDataSource database = database();
		new SchemaMigration().migrate(flyway(database));

		List<String> indexes = new ArrayList<>();
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
			while (rows.next()) {
				indexes.add(rows.getString(1));
			}
		}
		assertThat(indexes).contains("BATCH_JOB_EXECUTION_INSTANCE_IX", "BATCH_JOB_EXECUTION_PARAMS_EXECUTION_IX",
				"BATCH_STEP_EXECUTION_EXECUTION_NAME_IX");
	}

	@Test
	void aCreationCutShortAfterSomeTablesIsCompletedByTheNextRunNotRefused() throws SQLException {
		JdbcDataSource database = database();
		new SchemaMigration().migrate(flyway(database));
		// As a full disk leaves it: H2 committed the first statements of version 1, Flyway recorded nothing of it.
		sql(database, "DROP TABLE BATCH_JOB_EXECUTION_CONTEXT", "DROP TABLE BATCH_STEP_EXECUTION_CONTEXT",
				"DROP SEQUENCE BATCH_JOB_INSTANCE_SEQ", "DELETE FROM \"flyway_schema_history\" WHERE \"version\" <> '0'");

		new SchemaMigration().migrate(flyway(database));

		assertThat(tables(database)).containsAll(TABLES);
	}

	@Test
	void aCreationThatFlywayRecordedAsFailedIsRepairedAndCompleted() throws SQLException {
		JdbcDataSource database = database();
		new SchemaMigration().migrate(flyway(database));
		sql(database, "DROP TABLE BATCH_JOB_EXECUTION_CONTEXT",
				"UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'",
				// Nothing after a failed version 1 can have run.
				"DELETE FROM \"flyway_schema_history\" WHERE \"version\" IN ('2', '3')");

		new SchemaMigration().migrate(flyway(database));

		assertThat(tables(database)).containsAll(TABLES);
	}

	@Test
	void aRepositoryCreatedBeforeFlywayIsAdoptedWithItsRows() throws SQLException {
		JdbcDataSource database = database();
		new SchemaMigration().migrate(flyway(database));
		sql(database, "INSERT INTO LOGTALLY_HIGH_WATER (job_name, mark) VALUES ('audit', '2026-11-01T00:00:00Z')",
				"DROP TABLE \"flyway_schema_history\"");

		new SchemaMigration().migrate(flyway(database));

		assertThat(tables(database)).containsAll(TABLES);
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT mark FROM LOGTALLY_HIGH_WATER")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("2026-11-01T00:00:00Z");
		}
	}

	private JdbcDataSource database() {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL("jdbc:h2:file:" + this.dir.resolve("repository") + ";WRITE_DELAY=0");
		database.setUser("sa");
		return database;
	}

	private static Flyway flyway(JdbcDataSource database) {
		return Flyway.configure().dataSource(database).locations("classpath:db/logtally/h2").load();
	}

	private static void sql(JdbcDataSource database, String... statements) throws SQLException {
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static List<String> tables(JdbcDataSource database) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
			while (rows.next()) {
				tables.add(rows.getString(1));
			}
		}
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = 'PUBLIC'")) {
			while (rows.next()) {
				tables.add(rows.getString(1));
			}
		}
		return tables;
	}

}
