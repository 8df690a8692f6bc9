package dev.logtally.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.logtally.window.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window's {@code dt=} folder is the date it starts on in the job's zone, unless an older archive already holds it
 * under its UTC date.
 */
class WindowFoldersTest {

	private static final ZoneId BEIJING = ZoneId.of("+08:00");

	/** 1 November 2026 in Beijing: it starts on 31 October in UTC. */
	private static final Window NOV_1 = new Window(Instant.parse("2026-10-31T16:00:00Z"),
			Instant.parse("2026-11-01T16:00:00Z"));

	private static final String OLD_MANIFEST = "scf/fn/dt=2026-10-31/20261031T160000Z_20261101T160000Z.manifest.json";

	@TempDir
	Path staging;

	private final List<String> asked = new ArrayList<>();

	@Test
	void aWindowNeverPublishedIsUnderItsDateInTheJobsZone() {
		assertThat(folders(BEIJING, Set.of()).folder("scf", "fn", NOV_1)).isEqualTo("scf/fn/dt=2026-11-01");
	}

	@Test
	void aWindowAnOlderArchivePublishedUnderItsUtcDateStaysThere() {
		WindowFolders folders = folders(BEIJING, Set.of(OLD_MANIFEST));

		assertThat(folders.folder("scf", "fn", NOV_1)).isEqualTo("scf/fn/dt=2026-10-31");
		assertThat(folders.folder("scf", "other", NOV_1)).as("another target's window was not published")
			.isEqualTo("scf/other/dt=2026-11-01");
	}

	@Test
	void aWindowAnOlderVersionWasReadingWhenItStoppedResumesInItsUtcDatedFolder() throws IOException {
		Path file = this.staging.resolve("scf/fn/dt=2026-10-31/20261031T160000Z_20261101T160000Z.staging.csv");
		Files.createDirectories(file.getParent());
		Files.writeString(file, "FunctionName\r\n");

		assertThat(folders(BEIJING, Set.of()).folder("scf", "fn", NOV_1)).isEqualTo("scf/fn/dt=2026-10-31");
	}

	@Test
	void theStoreIsAskedOncePerWindowAndNeverWhereBothDatesAgree() {
		WindowFolders beijing = folders(BEIJING, Set.of());
		beijing.folder("scf", "fn", NOV_1);
		beijing.folder("scf", "fn", NOV_1);
		assertThat(this.asked).containsExactly(OLD_MANIFEST);

		this.asked.clear();
		ZoneId newYork = ZoneId.of("America/New_York");
		Window day = new Window(Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-11-02T05:00:00Z"));
		assertThat(folders(newYork, Set.of()).folder("scf", "fn", day)).isEqualTo("scf/fn/dt=2026-11-01");
		assertThat(folders(ZoneId.of("UTC"), Set.of()).folder("scf", "fn", NOV_1)).isEqualTo("scf/fn/dt=2026-10-31");
		assertThat(this.asked).as("west of UTC a day starts on its own UTC date; in UTC nothing moved").isEmpty();
	}

	private WindowFolders folders(ZoneId zone, Set<String> stored) {
		return new WindowFolders(zone, (key) -> {
			this.asked.add(key);
			return stored.contains(key);
		}, this.staging);
	}

}
