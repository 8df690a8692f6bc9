package dev.logtally.jobspec;

import java.time.Duration;

/** What only one type of source needs to know. */
public sealed interface SourceOptions
		permits SourceOptions.Scf, SourceOptions.ScfLegacy, SourceOptions.Sls, SourceOptions.Rds {

	/**
	 * Tencent Cloud SCF (API 3.0).
	 * @param region the {@code X-TC-Region}
	 * @param service the service in TC3 credential scopes ({@code scf})
	 */
	record Scf(String region, String service) implements SourceOptions {
	}

	/**
	 * Tencent Cloud SCF, legacy API v2.
	 * @param region the {@code Region} parameter
	 * @param signatureMethod {@code HmacSHA256} or {@code HmacSHA1}
	 * @param httpMethod {@code POST} (a form body; the default, because the JDK never resends a POST by itself) or
	 *     {@code GET} (parameters in the query)
	 * @param signingHost the host in the string to sign, when it is not the endpoint's (a private endpoint behind a
	 *     proxy that presents the public name)
	 * @param offsetCap the largest {@code offset + limit} the API answers (10,000, as API 3.0), 0 for none
	 */
	record ScfLegacy(String region, String signatureMethod, String httpMethod, String signingHost, int offsetCap)
			implements SourceOptions {
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
