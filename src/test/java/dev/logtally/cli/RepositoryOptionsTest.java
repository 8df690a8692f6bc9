package dev.logtally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which home a command uses: {@code --home}, else {@code LOGTALLY_HOME}, else {@code logtally.home} of the
 * {@code --config} file (YAML or properties, placeholders resolved), else {@code ~/.logtally}; and the application is
 * given that same home.
 */
class RepositoryOptionsTest {

	@TempDir
	Path dir;

	@Test
	void theCommandLineComesBeforeTheEnvironmentWhichComesBeforeTheConfigFile() throws IOException {
		RepositoryOptions options = new RepositoryOptions();
		options.config = yaml("logtally:\n  home: " + this.dir.resolve("from-config") + "\n");
		Map<String, String> environment = Map.of("LOGTALLY_HOME", this.dir.resolve("from-environment").toString());

		assertThat(options.home(Map.of())).isEqualTo(this.dir.resolve("from-config"));
		assertThat(options.home(environment)).isEqualTo(this.dir.resolve("from-environment"));
		options.home = this.dir.resolve("from-command-line");
		assertThat(options.home(environment)).isEqualTo(this.dir.resolve("from-command-line"));
		assertThat(options.springArguments(environment))
			.contains("--logtally.home=" + this.dir.resolve("from-command-line"));
	}

	@Test
	void withoutAnyTheHomeIsDotLogtallyInTheUsersHomeAndTheApplicationIsToldSo() {
		RepositoryOptions options = new RepositoryOptions();
		Path expected = Path.of(System.getProperty("user.home"), ".logtally").toAbsolutePath().normalize();

		assertThat(options.home(Map.of())).isEqualTo(expected);
		assertThat(options.springArguments(Map.of())).contains("--logtally.home=" + expected);
	}

	@Test
	void aConfigFilesHomeMayUsePlaceholdersAndAPropertiesFileAndProfileSpecificDocumentsDoNotCount()
			throws IOException {
		RepositoryOptions yaml = new RepositoryOptions();
		yaml.config = yaml("logtally:\n  home: ${DATA_ROOT}/logtally\n---\nspring.config.activate.on-profile: other\n"
				+ "logtally:\n  home: /elsewhere\n");
		RepositoryOptions properties = new RepositoryOptions();
		properties.config = Files.writeString(this.dir.resolve("logtally.properties"),
				"logtally.home=" + this.dir.resolve("from-properties") + "\n");

		assertThat(yaml.home(Map.of("DATA_ROOT", this.dir.toString()))).isEqualTo(this.dir.resolve("logtally"));
		assertThat(properties.home(Map.of())).isEqualTo(this.dir.resolve("from-properties"));
	}

	@Test
	void aConfigFileThatIsNotYamlIsAnInputErrorNamingIt() throws IOException {
		RepositoryOptions options = new RepositoryOptions();
		options.config = yaml("logtally: [unclosed\n");

		assertThatIllegalArgumentException().isThrownBy(() -> options.home(Map.of()))
			.withMessageStartingWith("--config " + options.config + ": cannot be read: ");
	}

	private Path yaml(String content) throws IOException {
		return Files.writeString(this.dir.resolve("logtally-config.yml"), content);
	}

}
