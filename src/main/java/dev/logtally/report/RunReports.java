package dev.logtally.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.logtally.jobspec.ReportsSpec;
import dev.logtally.tally.FileSystemFault;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.exc.JacksonIOException;

/**
 * The folder of a job's run reports, {@code <home>/reports/<job>/}: one JSON and one HTML file per run, named by
 * when the run finished, so that they list in order. {@link #prune} removes the reports of older runs beyond what the
 * spec keeps; the archive is never touched.
 */
public final class RunReports {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/** A report's name: its stem (when the run finished, command, run) and its kind. */
	private static final Pattern REPORT = Pattern.compile("([0-9]{8}T[0-9]{6}Z-[A-Za-z0-9-]+-run-[0-9]+)\\.(json|html)");

	private final Path folder;

	/** @param folder the job's report folder, created when the first report is written */
	public RunReports(Path folder) {
		this.folder = folder;
	}

	/**
	 * Writes the report as JSON and as HTML, each under a temporary name first.
	 * @return the HTML file
	 */
	public Path write(RunReport report) {
		String stem = STAMP.format(report.finishedAt()) + "-" + report.command().replaceAll("[^A-Za-z0-9]+", "-")
				+ "-run-" + report.executionId();
		try {
			Files.createDirectories(this.folder);
			// Streamed to the files: a year's backfill reports tens of thousands of windows, more than its heap holds.
			write(this.folder.resolve(stem + ".json"), report::writeJson);
			Path html = this.folder.resolve(stem + ".html");
			write(html, (out) -> {
				try (Writer page = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
					HtmlReport.render(report, page);
				}
			});
			return html;
		}
		catch (IOException ex) {
			throw FileSystemFault.of(this.folder, ex)
				.map(UncheckedIOException.class::cast)
				.orElseGet(() -> new UncheckedIOException(
						"cannot write the run report under " + this.folder + ": " + ex.getMessage(), ex));
		}
	}

	/**
	 * Removes the reports (JSON and HTML) of the runs beyond what {@code keep} keeps: the runs older than the newest
	 * {@code count}, or that finished more than {@code age} before {@code now}. The newest run's reports, and those
	 * of {@code current}, are always kept, and files in the folder that are not reports are left alone. A report that
	 * cannot be removed stays, and {@code warning} hears of it in one line: it costs disk space, not the run.
	 * @param current a report of the run that just ended ({@link #write}'s), or {@code null}
	 * @return the files removed
	 */
	public List<Path> prune(ReportsSpec keep, Instant now, @Nullable Path current, Consumer<String> warning) {
		if (keep.keepsAll() || !Files.isDirectory(this.folder)) {
			return List.of();
		}
		// A run's reports share the stem they are named by; newest first.
		TreeMap<String, List<Path>> runs = new TreeMap<>(Comparator.reverseOrder());
		try (Stream<Path> files = Files.list(this.folder)) {
			files.filter(Files::isRegularFile).forEach((file) -> {
				Matcher name = REPORT.matcher(file.getFileName().toString());
				if (name.matches()) {
					runs.computeIfAbsent(name.group(1), (stem) -> new ArrayList<>()).add(file);
				}
			});
		}
		catch (IOException ex) {
			warning.accept("cannot list " + this.folder + " to remove old reports: " + ex.getMessage());
			return List.of();
		}
		Matcher currentName = current == null ? null : REPORT.matcher(current.getFileName().toString());
		String currentStem = currentName != null && currentName.matches() ? currentName.group(1) : null;
		List<Path> removed = new ArrayList<>();
		int index = 0;
		for (Map.Entry<String, List<Path>> run : runs.entrySet()) {
			boolean newest = index++ == 0;
			if (newest || run.getKey().equals(currentStem) || kept(keep, index, run.getKey(), now)) {
				continue;
			}
			for (Path file : run.getValue()) {
				try {
					Files.deleteIfExists(file);
					removed.add(file);
				}
				catch (IOException ex) {
					warning.accept("cannot remove the old report " + file + " (reports.keep): " + reason(ex)
							+ "; it stays");
				}
			}
		}
		return removed;
	}

	/** Whether the {@code position}th newest run, named by {@code stem}, is kept. */
	private static boolean kept(ReportsSpec keep, int position, String stem, Instant now) {
		if (keep.count() != null) {
			return position <= keep.count();
		}
		Instant finished = LocalDateTime.parse(stem.substring(0, 16), STAMP).toInstant(ZoneOffset.UTC);
		return !finished.isBefore(now.minus(keep.age()));
	}

	private static String reason(IOException failure) {
		if (failure instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (failure instanceof FileSystemException system && system.getReason() != null) {
			return system.getReason();
		}
		return String.valueOf(failure.getMessage());
	}

	/** The JSON reports, oldest first. */
	public List<Path> json() {
		if (!Files.isDirectory(this.folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(this.folder)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + this.folder + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * What {@code status} lists of one of the JSON reports.
	 * @throws IllegalArgumentException naming the file when it cannot be read as a report
	 */
	public RunReport.Listing listing(Path file) {
		try {
			return RunReport.listing(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(file + " is not a run report: " + ex.getMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(file + " is not a run report: " + ex.getMessage(), ex);
		}
	}

	/** What writes a report's bytes to a stream, and closes it. */
	@FunctionalInterface
	private interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

	private static void write(Path file, Content content) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".part");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			content.writeTo(out);
		}
		// The JSON generator and the page's own wrapping report a failed write (a full disk) unchecked.
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (JacksonIOException ex) {
			throw ex.getCause();
		}
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
