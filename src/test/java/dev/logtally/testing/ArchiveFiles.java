package dev.logtally.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import dev.logtally.sandbox.scf.ScfLogEntry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads an archive back for assertions. */
public final class ArchiveFiles {

	private static final DateTimeFormatter BEIJING = DateTimeFormatter.ISO_OFFSET_DATE_TIME
		.withZone(ZoneOffset.ofHours(8));

	private ArchiveFiles() {
	}

	/**
	 * Copies the archive at {@code from} to {@code to}, a folder that does not exist yet: a test's own copy to tamper
	 * with, leaving the archive other tests read alone.
	 * @return {@code to}
	 */
	public static Path copy(Path from, Path to) {
		try (Stream<Path> walk = Files.walk(from)) {
			for (Path source : walk.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return to;
	}

	/** Every file under {@code root}, by relative path, with its bytes. */
	public static Map<String, byte[]> snapshot(Path root) {
		Map<String, byte[]> files = new TreeMap<>();
		if (!Files.exists(root)) {
			return files;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				files.put(root.relativize(file).toString(), Files.readAllBytes(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/** Asserts that two folders hold the same relative file names with byte-identical contents. */
	public static void assertSameFiles(Path actual, Path expected) {
		Map<String, byte[]> actualFiles = snapshot(actual);
		Map<String, byte[]> expectedFiles = snapshot(expected);
		org.assertj.core.api.Assertions.assertThat(actualFiles.keySet())
			.as("files under " + actual)
			.containsExactlyElementsOf(expectedFiles.keySet());
		List<String> different = new ArrayList<>();
		expectedFiles.forEach((name, bytes) -> {
			if (!java.util.Arrays.equals(bytes, actualFiles.get(name))) {
				different.add(name);
			}
		});
		org.assertj.core.api.Assertions.assertThat(different).as("files whose bytes differ").isEmpty();
		org.assertj.core.api.Assertions.assertThat(expectedFiles).as("files compared").isNotEmpty();
	}

	/** The data rows (header dropped) of every data file of a target, in window order. */
	public static List<List<String>> rows(Path root, String source, String target) {
		List<List<String>> rows = new ArrayList<>();
		Path dir = root.resolve(source).resolve(target);
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path file : walk.filter((p) -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
				.sorted()
				.toList()) {
				List<CSVRecord> records = parse(file);
				for (CSVRecord record : records.subList(1, records.size())) {
					rows.add(record.toList());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return rows;
	}

	public static List<CSVRecord> parse(Path file) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
			return CSVFormat.RFC4180.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
		}
	}

	/** The row the archive must hold for a log, in the documented column order. */
	public static List<String> expectedRow(ScfLogEntry log) {
		return List.of(log.functionName(), log.retMsg(), log.requestId(), BEIJING.format(log.startTime()),
				Long.toString(log.retCode()), Long.toString(log.invokeFinished()), log.duration(),
				Long.toString(log.billDuration()), Long.toString(log.memUsage()), log.log(), log.level(),
				log.source(), Long.toString(log.retryNum()));
	}

}
