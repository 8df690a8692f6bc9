package dev.logtally.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end of one job's chain of run manifests, as a run left it: what an operator keeps outside the archive (the head
 * file, {@code destination.headFile}) so that {@code verify --expect-head-file} can later notice the removal of that
 * run manifest, of any after it, or the replacement of the chain, which the chain itself cannot show.
 *
 * <p>One job per file: the spec's job. Written and read here only ({@link #toJson}, {@link #parse}), strictly.
 * @param job the job spec's name
 * @param sequence the run manifest's place in the job's chain, from 1
 * @param key the run manifest's key, {@code _runs/<job>/<sequence>.json}
 * @param sha256 the SHA-256 of the run manifest's bytes, lowercase hex
 * @param archive where the archive was, as the run saw it: a path or {@code s3://bucket/prefix}, never credentials
 */
public record ChainHead(String job, long sequence, String key, String sha256, String archive) {

	public static final String FORMAT = "logtally.chain-head/1";

	private static final JsonMapper READER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** The run manifest this head names, by key and hash. */
	public RunManifest.Link link() {
		return new RunManifest.Link(this.key, this.sha256);
	}

	public byte[] toJson() {
		return DeterministicJson.render((json) -> {
			json.writeStartObject();
			json.writeStringProperty("format", FORMAT);
			json.writeStringProperty("job", this.job);
			json.writeNumberProperty("sequence", this.sequence);
			json.writeStringProperty("runManifest", this.key);
			json.writeStringProperty("sha256", this.sha256);
			json.writeStringProperty("archive", this.archive);
			json.writeEndObject();
		});
	}

	/**
	 * Reads a head file {@link #toJson} wrote.
	 * @throws IllegalArgumentException naming the field and what is wrong with it (the caller names the file)
	 */
	public static ChainHead parse(byte[] bytes) {
		JsonNode root;
		try {
			root = READER.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("is not JSON (" + ex.getOriginalMessage().replaceAll("\\s+", " ").strip()
					+ ")", ex);
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("is not a chain head: not a JSON object");
		}
		String format = text(root, "format");
		if (!FORMAT.equals(format)) {
			throw new IllegalArgumentException("format is \"" + format + "\", not \"" + FORMAT + "\"");
		}
		String job = text(root, "job");
		JsonNode sequence = root.get("sequence");
		if (sequence == null || sequence.isNull()) {
			throw new IllegalArgumentException("has no sequence");
		}
		if (!sequence.isIntegralNumber() || !sequence.canConvertToLong() || sequence.longValue() < 1) {
			throw new IllegalArgumentException("sequence is not a whole number from 1");
		}
		String key = text(root, "runManifest");
		if (!ArchiveLayout.isRunManifestKey(job, key)) {
			throw new IllegalArgumentException("runManifest " + key + " is not a run manifest of job " + job);
		}
		String sha256 = text(root, "sha256");
		if (!sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("sha256 is not a SHA-256 in lowercase hex");
		}
		return new ChainHead(job, sequence.longValue(), key, sha256, text(root, "archive"));
	}

	/**
	 * Reads the head file at {@code file}.
	 * @throws IllegalArgumentException naming the file, and the field when the file is not a head file
	 */
	public static ChainHead read(Path file) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new IllegalArgumentException("the head file " + file + " does not exist", ex);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read the head file " + file + ": " + ex.getMessage(), ex);
		}
		try {
			return parse(bytes);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the head file " + file + " " + ex.getMessage(), ex);
		}
	}

	/**
	 * Writes this head to {@code file} as {@link LocalDirectoryStore} writes an object: a temporary file beside it,
	 * forced to disk and renamed, so that the file under its name is always a whole head, the old one or the new.
	 * @throws ArchiveStoreException naming the file and why it cannot be written
	 */
	public void writeTo(Path file) {
		Path absolute = file.toAbsolutePath().normalize();
		String problem = pathProblem(absolute);
		if (problem != null) {
			// The JDK would only name the path.
			throw new ArchiveStoreException(problem, null);
		}
		new LocalDirectoryStore(absolute.getParent()).put(absolute.getFileName().toString(), toJson());
	}

	/**
	 * Whether a head file could be written at {@code file}, checked before a run without writing anything: its folder,
	 * or the nearest one of its parents that exists, is a folder this process may write to.
	 * @return why not, naming the path, or {@code null}
	 */
	public static @Nullable String writableProblem(Path file) {
		Path absolute = file.toAbsolutePath().normalize();
		String problem = pathProblem(absolute);
		if (problem != null) {
			return problem;
		}
		Path existing = absolute.getParent();
		while (existing.getParent() != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		// The head file is replaced by a rename, so only its folder's permission counts.
		if (!Files.isWritable(existing)) {
			return "no permission to write in " + existing + ", or its file system is read-only";
		}
		return null;
	}

	/** A file or a folder in the way of the head file, or {@code null}. */
	private static @Nullable String pathProblem(Path absolute) {
		for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
			if (Files.exists(folder) && !Files.isDirectory(folder)) {
				return folder + " is a file, not a folder";
			}
		}
		if (Files.isDirectory(absolute)) {
			return absolute + " is a folder";
		}
		return null;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw new IllegalArgumentException("has no " + field);
		}
		if (!value.isString()) {
			throw new IllegalArgumentException(field + " is not a string");
		}
		return value.stringValue();
	}

}
