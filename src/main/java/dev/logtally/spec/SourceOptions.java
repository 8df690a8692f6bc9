package dev.logtally.spec;

import java.time.Duration;

/** What only one type of source needs to know. */
public sealed interface SourceOptions permits SourceOptions.Scf, SourceOptions.Sls, SourceOptions.Rds {

	/**
	 * Tencent Cloud SCF (API 3.0).
	 * @param region the {@code X-TC-Region}
	 * @param service the service in TC3 credential scopes ({@code scf})
	 */
	record Scf(String region, String service) implements SourceOptions {
	}

	/**
	 * Alibaba Cloud SLS.
	 * @param project the SLS project (the first label of the request host)
	 * @param settleDelay how long after a window ends before it may be exported: SLS accepts logs up to 7 days late,
	 *     and indexes recent ones within seconds
	 * @param incompleteAttempts how many times a query answered {@code Incomplete} is sent again before the window is
	 *     INCOMPLETE
	 * @param incompleteTime how long a query may keep answering {@code Incomplete}, whatever the attempts
	 */
	record Sls(String project, Duration settleDelay, int incompleteAttempts, Duration incompleteTime)
			implements SourceOptions {
	}

	/**
	 * Huawei Cloud RDS.
	 * @param projectId the project in request paths (and {@code X-Project-Id})
	 * @param downloadFiles whether the audit-log files themselves are archived, or only their listing
	 */
	record Rds(String projectId, boolean downloadFiles) implements SourceOptions {
	}

}
