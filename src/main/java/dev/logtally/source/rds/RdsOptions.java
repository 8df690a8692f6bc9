package dev.logtally.source.rds;

import java.util.regex.Pattern;

import dev.logtally.jobspec.SourceOptions;
import dev.logtally.jobspec.SpecNode;
import org.jspecify.annotations.Nullable;

/**
 * What only a Huawei Cloud RDS source needs.
 * @param projectId the project in request paths (and {@code X-Project-Id})
 * @param downloadFiles whether the audit-log files themselves are archived, or only their listing
 */
public record RdsOptions(String projectId, boolean downloadFiles) implements SourceOptions {

	/** Huawei project and instance ids: hex-like strings, instance ids ending in a short suffix such as {@code in01}. */
	static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,64}");

	/** Reads them from the source's node, reporting each problem on its field; {@code null} when not valid. */
	static @Nullable RdsOptions read(SpecNode source) {
		String projectId = source.field("projectId").text(true);
		if (projectId != null && !ID.matcher(projectId).matches()) {
			source.field("projectId").problem("\"" + projectId + "\" is not a Huawei Cloud project id (letters and digits)");
			projectId = null;
		}
		boolean downloadFiles = source.field("downloadFiles").bool(true);
		return projectId == null ? null : new RdsOptions(projectId, downloadFiles);
	}

}
