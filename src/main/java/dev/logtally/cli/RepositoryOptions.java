package dev.logtally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.FileSystemResource;
import picocli.CommandLine.Option;

/**
 * How a run's application is set up: where the job repository lives (the embedded default under a home folder, or a
 * database given by a config file), and how it logs.
 *
 * <p>One home governs everything a run keeps on this machine: the default job repository, the log file, the staging
 * of an S3 archive, the reports, the metrics, and what {@code status} reads. It is {@code --home}, else
 * {@code $LOGTALLY_HOME}, else {@code logtally.home} of the {@code --config} file, else {@code ~/.logtally}: the order
 * in which Spring Boot itself ranks command line, environment and config file, and the application is given the
 * home resolved here so that the two never differ.
 */
public final class RepositoryOptions {

	@Option(names = "--home", paramLabel = "DIR",
			description = "Folder of the default job repository (H2 file database), the log file, S3 staging, "
					+ "reports and metrics. Default: $LOGTALLY_HOME, else the home set in the --config file, else ~/.logtally.")
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

	/**
	 * The home folder: {@code --home}, else {@code $LOGTALLY_HOME}, else {@code logtally.home} of the {@code --config}
	 * file, else {@code ~/.logtally}.
	 * @throws IllegalArgumentException when the config file cannot be read
	 */
	Path home(Map<String, String> environment) {
		if (this.home != null) {
			return this.home.toAbsolutePath().normalize();
		}
		String variable = environment.get("LOGTALLY_HOME");
		if (variable != null && !variable.isBlank()) {
			return Path.of(variable).toAbsolutePath().normalize();
		}
		String configured = this.config == null || !Files.isRegularFile(this.config) ? null
				: configuredHome(this.config, environment);
		return (configured != null && !configured.isBlank() ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".logtally")).toAbsolutePath().normalize();
	}

	/**
	 * {@code logtally.home} of a config file as Spring Boot reads it: YAML or properties, a later YAML document over an
	 * earlier one, profile-specific documents aside, placeholders resolved from the environment and system properties.
	 */
	private static @Nullable String configuredHome(Path config, Map<String, String> environment) {
		String name = config.getFileName().toString();
		PropertySourceLoader loader = name.endsWith(".properties") || name.endsWith(".xml")
				? new PropertiesPropertySourceLoader() : new YamlPropertySourceLoader();
		List<PropertySource<?>> documents;
		try {
			documents = loader.load("--config " + config, new FileSystemResource(config));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("--config " + config + ": cannot be read: " + ex.getMessage(), ex);
		}
		MutablePropertySources sources = new MutablePropertySources();
		for (PropertySource<?> document : documents) {
			if (document.getProperty("spring.config.activate.on-profile") == null) {
				sources.addFirst(document);
			}
		}
		@SuppressWarnings({ "unchecked", "rawtypes" })
		Map<String, Object> system = (Map) System.getProperties();
		sources.addLast(new MapPropertySource("environment", new HashMap<>(environment)));
		sources.addLast(new MapPropertySource("system", new HashMap<>(system)));
		try {
			return new PropertySourcesPropertyResolver(sources).getProperty("logtally.home");
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--config " + config + ": logtally.home: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The Spring Boot arguments these options stand for, with the home resolved by {@link #home(Map)}: the application
	 * keeps its database and log where the command keeps everything else.
	 */
	List<String> springArguments(Map<String, String> environment) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--logtally.home=" + home(environment));
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
