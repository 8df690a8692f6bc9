package dev.logtally.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.tally.FileSystemFault;

/**
 * The folder of a job's run reports, {@code <home>/reports/<job>/}: one JSON and one HTML file per run, named by
 * when the run finished, so that they list in order.
 */
public final class RunReports {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

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
			write(this.folder.resolve(stem + ".json"), report.toJson());
			Path html = this.folder.resolve(stem + ".html");
			write(html, HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
			return html;
		}
		catch (IOException ex) {
			throw FileSystemFault.of(this.folder, ex)
				.map(UncheckedIOException.class::cast)
				.orElseGet(() -> new UncheckedIOException(
						"cannot write the run report under " + this.folder + ": " + ex.getMessage(), ex));
		}
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

	private static void write(Path file, byte[] bytes) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".part");
		Files.write(temporary, bytes);
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
