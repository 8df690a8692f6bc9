package dev.logtally.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.archive.LocalDirectoryStore;
import dev.logtally.archive.RunManifest;
import dev.logtally.archive.RunManifestChain;
import dev.logtally.archive.Sha256;
import dev.logtally.archive.WindowManifest;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.window.Window;

/**
 * An archive written without a source, for what only its size matters to (verify at scale): hour windows of a few
 * hostile CSV records each, their window manifests as {@link WindowManifest#toJson} writes them, and a chain of run
 * manifests by {@link RunManifestChain}, the writer every export uses; or one window that archived a large file whole,
 * as an RDS audit log is. {@code logtally verify} finds such an archive intact.
 */
public final class SyntheticArchive {

	public static final String JOB = "synthetic";

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final List<String> COLUMNS = List.of("RequestId", "Log");

	/** Values a CSV writer and reader must agree on: quotes, separators, line breaks, non-ASCII. */
	private static final List<String> HOSTILE = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "\r\n",
			"中文日志 ✓", "", " leading and trailing ");

	/**
	 * What was written.
	 * @param dataKeys every data object, and archived file, in the order verify reads them
	 * @param manifestKeys every window manifest, in the same order
	 * @param objects every object in the archive, run manifests included
	 */
	public record Written(List<String> dataKeys, List<String> manifestKeys, int objects) {
	}

	private SyntheticArchive() {
	}

	/**
	 * {@code windows} hour windows over 100 targets, each a data object of {@code records} records and its manifest,
	 * listed by {@code runs} run manifests in turn: {@code 2 x windows + runs} objects.
	 */
	public static Written smallObjects(Path root, int windows, int records, int runs) {
		LocalDirectoryStore store = new LocalDirectoryStore(root);
		List<String> dataKeys = new ArrayList<>();
		List<String> manifestKeys = new ArrayList<>();
		List<List<RunManifest.Window>> listed = new ArrayList<>();
		for (int run = 0; run < runs; run++) {
			listed.add(new ArrayList<>());
		}
		for (int i = 0; i < windows; i++) {
			Window window = new Window(START.plus(Duration.ofHours(i)), START.plus(Duration.ofHours(i + 1)));
			String folder = folder("fn-" + (i % 100), window);
			String data = folder + window.stem() + ".csv";
			Path file = place(store, data);
			writeCsv(file, i, records);
			String sha256 = sha256(file);
			long bytes = size(file);
			RunManifest.Link manifest = writeManifest(store, folder, "fn-" + (i % 100), window, records, bytes, sha256,
					List.of());
			dataKeys.add(data);
			manifestKeys.add(manifest.key());
			listed.get(i * runs / windows).add(new RunManifest.Window(manifest, "MATCHED"));
		}
		RunManifestChain chain = new RunManifestChain(store);
		for (int run = 0; run < runs; run++) {
			chain.append(JOB, START, START.plus(Duration.ofHours(windows)), run + 1, listed.get(run), null);
		}
		return new Written(List.copyOf(dataKeys), List.copyOf(manifestKeys), 2 * windows + runs);
	}

	/**
	 * One window that archived a file of {@code bytes} bytes whole (text, as an audit log is), beside its small data
	 * object: four objects.
	 */
	public static Written oneLargeFile(Path root, long bytes) {
		LocalDirectoryStore store = new LocalDirectoryStore(root);
		Window window = new Window(START, START.plus(Duration.ofHours(1)));
		String folder = folder("db-1", window);
		String large = folder + window.stem() + ".files/audit-1";
		String largeSha256 = writeText(place(store, large), bytes);
		String data = folder + window.stem() + ".csv";
		Path file = place(store, data);
		writeCsv(file, 0, 1);
		String sha256 = sha256(file);
		long size = size(file);
		Map<String, String> archived = new LinkedHashMap<>();
		archived.put("id", "audit-1");
		archived.put("path", large);
		archived.put("bytes", Long.toString(bytes));
		archived.put("sha256", largeSha256);
		archived.put("listedSizeKb", Long.toString(bytes / 1024));
		archived.put("sizeCheck", "OK");
		RunManifest.Link manifest = writeManifest(store, folder, "db-1", window, 1, size, sha256, List.of(archived));
		new RunManifestChain(store).append(JOB, START, window.end(), 1,
				List.of(new RunManifest.Window(manifest, "MATCHED")), null);
		return new Written(List.of(data, large), List.of(manifest.key()), 4);
	}

	private static String folder(String target, Window window) {
		return "bench/" + target + "/dt=" + window.start().atZone(ZoneOffset.UTC).toLocalDate() + "/";
	}

	private static RunManifest.Link writeManifest(LocalDirectoryStore store, String folder, String target, Window window,
			long records, long bytes, String sha256, List<Map<String, String>> archived) {
		long files = archived.size();
		WindowCounts counts = new WindowCounts(records, records, 0, records, 0, 0, 0,
				new WindowCounts.FileCounts(files, files, 0));
		Map<String, String> query = new LinkedHashMap<>();
		query.put("namespace", "default");
		query.put("function", target);
		byte[] json = new WindowManifest("tencent-scf", "UTC", query, window.stem() + ".csv", "none", COLUMNS, bytes,
				sha256, archived, WindowOutcome.exported("bench", target, window, counts))
			.toJson();
		String key = folder + window.stem() + ArchiveLayout.MANIFEST_SUFFIX;
		try {
			Files.write(place(store, key), json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new RunManifest.Link(key, Sha256.of(json));
	}

	/**
	 * Where the object at {@code key} goes, written in place: without the store's fsync per object, which would make
	 * ten thousand objects take minutes to write, and changes nothing verify reads.
	 */
	private static Path place(LocalDirectoryStore store, String key) {
		Path file = store.file(key);
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	private static void writeCsv(Path file, int window, int records) {
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("RequestId,Log\r\n");
			for (int i = 0; i < records; i++) {
				String log = HOSTILE.get((window + i) % HOSTILE.size());
				out.write("req-" + window + "-" + i + ",\"" + log.replace("\"", "\"\"") + "\"\r\n");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes {@code bytes} bytes of audit-log-like lines, and returns their SHA-256. */
	private static String writeText(Path file, long bytes) {
		MessageDigest digest = Sha256.newDigest();
		byte[] block = new byte[1 << 20];
		byte[] line = "2026-01-01T00:00:00Z db-1 audit SELECT * FROM orders WHERE id = 4711; -- 中文 ✓\n"
			.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < block.length; i++) {
			block[i] = line[i % line.length];
		}
		try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
			for (long left = bytes; left > 0; left -= block.length) {
				// Each block differs, as a real log does, so no two blocks hash or compress alike.
				block[0] = (byte) left;
				out.write(block, 0, (int) Math.min(block.length, left));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String sha256(Path file) {
		try {
			return Sha256.of(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
