package dev.logtally.sandbox.cls;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * One log as a CLS topic holds it and {@code SearchLog} returns it as a {@code LogInfo}.
 * @param time {@code Time}, Unix milliseconds
 * @param topicId {@code TopicId}
 * @param topicName {@code TopicName}
 * @param source {@code Source}, the uploader's IP
 * @param fileName {@code FileName}
 * @param hostName {@code HostName}
 * @param pkgId {@code PkgId}, the upload packet; empty for some logs, as the service's own examples show
 * @param pkgLogId {@code PkgLogId}, the log's number in its packet, a string on the wire; empty with {@code pkgId}
 * @param fields the log's fields, which {@code LogJson} carries as one JSON object string
 */
public record ClsLog(long time, String topicId, String topicName, String source, String fileName, String hostName,
		String pkgId, String pkgLogId, SortedMap<String, String> fields) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public ClsLog {
		Objects.requireNonNull(topicId, "topicId");
		Objects.requireNonNull(topicName, "topicName");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(fileName, "fileName");
		Objects.requireNonNull(hostName, "hostName");
		Objects.requireNonNull(pkgId, "pkgId");
		Objects.requireNonNull(pkgLogId, "pkgLogId");
		fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
	}

	public Instant instant() {
		return Instant.ofEpochMilli(this.time);
	}

	/** {@code LogJson}: the fields as one JSON object, keys sorted, non-ASCII text as it is. */
	public String logJson() {
		return JSON.writeValueAsString(this.fields);
	}

}
