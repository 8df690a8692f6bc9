package dev.logtally.jobspec;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** The kinds of log source a job spec can name, with what each needs and allows. */
public enum SourceType {

	/** Tencent Cloud SCF {@code GetFunctionLogs}, API 3.0 (TC3-HMAC-SHA256). StartTime/EndTime at most one day apart. */
	TENCENT_SCF("tencent-scf", "https://scf.tencentcloudapi.com", Duration.ofDays(1), Duration.ofDays(1), 5, 100, 10_000,
			List.of("secretId", "secretKey"), List.of("token")),

	/**
	 * Tencent Cloud SCF {@code GetFunctionLogs}, legacy API v2 ({@code /v2/index.php}, HmacSHA1/HmacSHA256 query
	 * signatures). It has no time-range parameters: a window is found by paging newest first.
	 */
	TENCENT_SCF_LEGACY("tencent-scf-legacy", "https://scf.api.qcloud.com", Duration.ofDays(1), Duration.ofDays(1), 5,
			100, 100, List.of("secretId", "secretKey"), List.of("token")),

	/** Alibaba Cloud SLS {@code GetLogs}, counted by {@code GetHistograms} (LOG signature, hmac-sha1). */
	ALIYUN_SLS("aliyun-sls", null, Duration.ofDays(1), Duration.ofHours(1), 20, 100, 100,
			List.of("accessKeyId", "accessKeySecret"), List.of("securityToken")),

	/**
	 * Huawei Cloud RDS audit logs: {@code ListAuditlogs} (at most 30 days, 50 files a page) and the audit-log files
	 * themselves through {@code auditlog-links} (SDK-HMAC-SHA256). 60 requests per minute per AK.
	 */
	HUAWEI_RDS("huawei-rds", null, Duration.ofDays(30), Duration.ofDays(1), 1, 50, 50,
			List.of("accessKey", "secretKey"), List.of("securityToken"));

	private final String specName;

	private final @Nullable String defaultEndpoint;

	private final Duration maxWindow;

	private final Duration defaultWindow;

	private final double defaultRateLimit;

	private final int defaultPageSize;

	private final int maxPageSize;

	private final List<String> requiredCredentials;

	private final List<String> optionalCredentials;

	SourceType(String specName, @Nullable String defaultEndpoint, Duration maxWindow, Duration defaultWindow, double defaultRateLimit,
			int defaultPageSize, int maxPageSize, List<String> requiredCredentials, List<String> optionalCredentials) {
		this.specName = specName;
		this.defaultEndpoint = defaultEndpoint;
		this.maxWindow = maxWindow;
		this.defaultWindow = defaultWindow;
		this.defaultRateLimit = defaultRateLimit;
		this.defaultPageSize = defaultPageSize;
		this.maxPageSize = maxPageSize;
		this.requiredCredentials = requiredCredentials;
		this.optionalCredentials = optionalCredentials;
	}

	/** The name used for this type in job specs. */
	public String specName() {
		return this.specName;
	}

	/** The public endpoint, or {@code null} when it depends on the region and must be given. */
	public @Nullable String defaultEndpoint() {
		return this.defaultEndpoint;
	}

	/** The longest window the source API accepts in one query. */
	public Duration maxWindow() {
		return this.maxWindow;
	}

	public Duration defaultWindow() {
		return this.defaultWindow;
	}

	public double defaultRateLimit() {
		return this.defaultRateLimit;
	}

	public int defaultPageSize() {
		return this.defaultPageSize;
	}

	/** The most records one request may ask for. */
	public int maxPageSize() {
		return this.maxPageSize;
	}

	public List<String> requiredCredentials() {
		return this.requiredCredentials;
	}

	public List<String> optionalCredentials() {
		return this.optionalCredentials;
	}

	public static Optional<SourceType> fromSpecName(String name) {
		return Arrays.stream(values()).filter((type) -> type.specName.equals(name)).findFirst();
	}

	/** The accepted names, for error messages. */
	public static String known() {
		return Arrays.stream(values()).map(SourceType::specName).collect(Collectors.joining(", "));
	}

}
