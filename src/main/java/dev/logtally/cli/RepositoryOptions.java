package dev.logtally.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a run's application is set up: where the job repository lives (the embedded default under a home folder, or a
 * database given by a config file), and how it logs.
 */
public final class RepositoryOptions {

	@Option(names = "--home", paramLabel = "DIR",
			description = "Folder of the default job repository (H2 file database) and the log file. "
					+ "Default: $LOGTALLY_HOME, else ~/.logtally.")
	@Nullable Path home;

	@Option(names = "--config", paramLabel = "FILE",
			description = "Application configuration (YAML or properties), for example a PostgreSQL job repository; "
					+ "see sample-config/.")
	@Nullable Path config;

	@Option(names = "--log-format", paramLabel = "FORMAT",
			description = "Output as text (default) or json: every line printed (log lines, the table, errors) as "
					+ "one JSON object, Elastic Common Schema.")
	LogFormat logFormat = LogFormat.text;

	/** The console log formats. */
	enum LogFormat {

		text, json

	}

	/** The home folder: {@code --home}, else {@code $LOGTALLY_HOME}, else {@code ~/.logtally}, as the application's. */
	Path home(Map<String, String> environment) {
		if (this.home != null) {
			return this.home.toAbsolutePath().normalize();
		}
		String variable = environment.get("LOGTALLY_HOME");
		return (variable != null && !variable.isBlank() ? Path.of(variable)
				: Path.of(System.getProperty("user.home"), ".logtally")).toAbsolutePath().normalize();
	}

	/** The Spring Boot arguments these options stand for. */
	List<String> springArguments() {
		List<String> arguments = new ArrayList<>();
		if (this.home != null) {
			arguments.add("--logtally.home=" + this.home.toAbsolutePath().normalize());
		}
		if (this.config != null) {
			arguments.add("--spring.config.additional-location=file:" + this.config.toAbsolutePath().normalize());
		}
		if (this.logFormat == LogFormat.json) {
			arguments.add("--spring.profiles.active=json-logs");
			arguments.add("--logging.structured.ecs.service.name=logtally");
			arguments.add("--logging.structured.ecs.service.version=" + LogtallyCli.version());
		}
		return arguments;
	}

	/** @return a problem with the options, or {@code null} */
	@Nullable String problem() {
		if (this.config != null && !Files.isRegularFile(this.config)) {
			return "--config " + this.config + ": file does not exist";
		}
		return null;
	}

}
