package dev.logtally.tally;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.logtally.testing.SmallFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failures of real file systems, each turned into one line that names the path, says the cause as the operating
 * system does, and what to do next: free space, or fix and run again.
 */
class FileSystemFaultTest {

	@TempDir
	Path dir;

	@Test
	void aFullFileSystemIsNoSpaceLeftOnDeviceNamingTheFileTheJdkDidNotName() {
		try (SmallFilesystem small = SmallFilesystem.mount(this.dir, 256 * 1024)) {
			small.fill();
			Path file = small.root().resolve("staging/window.csv.part");
			IOException failure = catchThrowableOfType(IOException.class, () -> {
				Files.createDirectories(file.getParent());
				Files.write(file, new byte[64 * 1024]);
			});

			FileSystemFault fault = FileSystemFault.of(file, failure).orElseThrow();

			assertThat(fault.fault()).isEqualTo(FileSystemFault.Cause.NO_SPACE);
			assertThat(fault.getMessage())
				.isEqualTo(file + ": no space left on device; free space and run again");
			assertThat(fault.remedy()).isEqualTo(Remedy.FREE_SPACE);
			assertThat(Remedy.of(fault.getMessage())).isEqualTo(Remedy.FREE_SPACE);
		}
	}

	@Test
	void aReadOnlyFileSystemIsReadOnlyAndAsksForAFixNotAResume() {
		try (SmallFilesystem small = SmallFilesystem.mount(this.dir, 256 * 1024)) {
			small.readOnly(true);
			Path folder = small.root().resolve("archive");
			IOException failure = catchThrowableOfType(IOException.class, () -> Files.createDirectories(folder));

			FileSystemFault fault = FileSystemFault.of(Path.of("elsewhere"), failure).orElseThrow();

			assertThat(fault.fault()).isEqualTo(FileSystemFault.Cause.READ_ONLY);
			assertThat(fault.path()).isEqualTo(folder);
			assertThat(fault.getMessage()).startsWith(folder + ": read-only file system; ")
				.endsWith(", then run the same command again")
				.doesNotContain("resume");
			assertThat(Remedy.of(fault.getMessage())).isEqualTo(Remedy.FIX);
		}
	}

	@Test
	void aFileWhereAFolderIsExpectedIsNotADirectory() throws IOException {
		Path file = Files.writeString(this.dir.resolve("home"), "not a folder");
		IOException below = catchThrowableOfType(IOException.class,
				() -> Files.createDirectories(file.resolve("logs")));
		IOException itself = catchThrowableOfType(IOException.class, () -> Files.createDirectories(file));

		assertThat(FileSystemFault.of(file.resolve("logs"), below).orElseThrow().getMessage())
			.startsWith(file.resolve("logs") + ": not a directory; move the file away or choose another folder");
		assertThat(FileSystemFault.of(file, itself).orElseThrow().fault())
			.isEqualTo(FileSystemFault.Cause.NOT_A_DIRECTORY);
	}

	@Test
	void permissionDeniedSaysSoWhereTheJdkNamesOnlyThePath() {
		// As root nothing is denied on a local disk: the JDK's own exception for EACCES, as it throws it.
		Path file = this.dir.resolve("reports/run.json");

		FileSystemFault fault = FileSystemFault.of(file, new AccessDeniedException(file.toString())).orElseThrow();

		assertThat(fault.getMessage()).startsWith(file + ": permission denied; give the user running logtally")
			.endsWith(", then run the same command again");
	}

	@Test
	void aFaultIsFoundDeepInAChainOfCausesAndAnUnknownCauseIsNotGuessed() {
		Path file = this.dir.resolve("x");
		IOException enospc = new IOException("No space left on device");
		RuntimeException wrapped = new RuntimeException("step failed",
				new IllegalStateException("writer", FileSystemFault.writing(file, enospc)));

		assertThat(FileSystemFault.in(wrapped, null)).get()
			.extracting(FileSystemFault::fault)
			.isEqualTo(FileSystemFault.Cause.NO_SPACE);
		assertThat(FileSystemFault.in(new RuntimeException(new IOException("Broken pipe")), file)).isEmpty();
		assertThat(FileSystemFault.writing(file, new IOException("Broken pipe")))
			.isNotInstanceOf(FileSystemFault.class)
			.hasMessage("cannot write " + file + ": Broken pipe");
	}

}
