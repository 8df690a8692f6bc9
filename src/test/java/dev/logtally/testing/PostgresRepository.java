package dev.logtally.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A fresh database on an embedded PostgreSQL server, as a job repository for the jar: {@code --config FILE}. */
public final class PostgresRepository {

	private PostgresRepository() {
	}

	/**
	 * Creates {@code database} and writes {@code dir/postgresql.yml} pointing at it.
	 * @return the arguments that give the jar that job repository
	 */
	public static List<String> create(EmbeddedPostgres postgres, Path dir, String database) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
		}
		Path config = dir.resolve("postgresql.yml");
		Files.writeString(config, """
				spring:
				  datasource:
				    url: jdbc:postgresql://localhost:%d/%s
				    username: postgres
				    password: postgres
				""".formatted(postgres.getPort(), database));
		return List.of("--config", config.toString());
	}

}
