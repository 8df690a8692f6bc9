package dev.logtally.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.logtally.testing.LogtallyProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as the Docker image runs it: extracted ({@code -Djarmode=tools extract}: the launcher jar and its libraries
 * as plain jars in {@code lib/}), with an application class-data sharing archive written by one training run
 * ({@code -XX:ArchiveClassesAtExit}) and read by every later one ({@code -XX:SharedArchiveFile}). The archive serves
 * only the extracted jar it was made with, on the same JDK build.
 */
final class ClassDataSharing {

	private static final Duration LIMIT = Duration.ofMinutes(5);

	private ClassDataSharing() {
	}

	/**
	 * {@code java -Djarmode=tools -jar <jar> extract --destination <folder>}.
	 * @return the extracted launcher jar, to run with {@code -jar}
	 */
	static Path extract(Path jar, Path folder) throws IOException {
		LogtallyProcess extract = LogtallyProcess.startWithOptions(List.of("-Djarmode=tools"), jar, Map.of(),
				folder.resolveSibling(folder.getFileName() + "-extract.out"),
				List.of("extract", "--destination", folder.toString()));
		assertThat(extract.waitFor(LIMIT)).as("extract; output:\n" + extract.output()).isZero();
		return folder.resolve(jar.getFileName());
	}

	/** The options of the training run, which writes {@code archive} when its JVM exits. */
	static List<String> training(Path archive) {
		return List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off");
	}

	/** The options of every later run. */
	static List<String> using(Path archive) {
		return List.of("-XX:SharedArchiveFile=" + archive);
	}

}
