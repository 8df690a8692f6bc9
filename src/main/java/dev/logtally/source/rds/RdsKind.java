package dev.logtally.source.rds;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceLimits;
import dev.logtally.jobspec.SourceOptions;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.SpecNode;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.source.FileStaging;
import dev.logtally.source.LogSource;
import dev.logtally.source.SourceConnection;
import dev.logtally.source.SourceKind;
import org.jspecify.annotations.Nullable;

/**
 * Huawei Cloud RDS audit logs: {@code ListAuditlogs} (at most 30 days, 50 files a page) and the audit-log files
 * themselves through {@code auditlog-links} (SDK-HMAC-SHA256): {@code huawei-rds}. 60 requests per minute per AK. The
 * endpoint depends on the region and must be given.
 */
public record RdsKind() implements SourceKind {

	private static final SourceLimits LIMITS = new SourceLimits(Duration.ofDays(30), Duration.ofDays(1), 1, 1, 50, 50);

	@Override
	public String name() {
		return "huawei-rds";
	}

	@Override
	public SourceLimits limits() {
		return LIMITS;
	}

	@Override
	public @Nullable String defaultEndpoint() {
		return null;
	}

	@Override
	public ZoneId defaultTimeZone() {
		return ZoneId.of("+08:00");
	}

	@Override
	public List<String> requiredCredentials() {
		return List.of("accessKey", "secretKey");
	}

	@Override
	public List<String> optionalCredentials() {
		return List.of("securityToken");
	}

	@Override
	public Set<String> optionFields() {
		return Set.of("projectId", "downloadFiles");
	}

	@Override
	public @Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint) {
		return RdsOptions.read(source);
	}

	@Override
	public String targetField() {
		return "instance";
	}

	@Override
	public @Nullable TargetSpec target(SpecNode target) {
		return RdsTarget.read(target);
	}

	/** Huawei limits the access key. */
	@Override
	public String accountKey(SourceSpec source, Map<String, Secret> secrets) {
		return "huawei:" + secrets.get("accessKey").reveal();
	}

	@Override
	public LogSource open(SourceSpec source, Map<String, Secret> secrets, SourceConnection run,
			SourceConnection probe, FileStaging staging) {
		RdsCredentials credentials = new RdsCredentials(secrets.get("accessKey").reveal(), secrets.get("secretKey"),
				secrets.get("securityToken"));
		return new RdsLogSource(source, new RdsApiClient(source, credentials, run),
				new RdsApiClient(source, credentials, probe), staging);
	}

}
