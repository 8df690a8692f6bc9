package dev.logtally.source.sls;

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
 * Alibaba Cloud SLS {@code GetLogs}, counted by {@code GetHistograms} (LOG signature, hmac-sha1): {@code aliyun-sls}.
 * The endpoint depends on the region and must be given.
 */
public record SlsKind() implements SourceKind {

	/** A leaf must hold at least a few logs less than a page (see {@link SlsLeafPlanner}): pages of 10 or more. */
	private static final SourceLimits LIMITS = new SourceLimits(Duration.ofDays(1), Duration.ofHours(1), 20, 10, 100,
			100);

	@Override
	public String name() {
		return "aliyun-sls";
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
		return ZoneId.of("UTC");
	}

	@Override
	public List<String> requiredCredentials() {
		return List.of("accessKeyId", "accessKeySecret");
	}

	@Override
	public List<String> optionalCredentials() {
		return List.of("securityToken");
	}

	@Override
	public Set<String> optionFields() {
		return Set.of("project", "settleDelay", "incomplete");
	}

	@Override
	public @Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint) {
		return SlsOptions.read(source);
	}

	@Override
	public String targetField() {
		return "logstore";
	}

	@Override
	public @Nullable TargetSpec target(SpecNode target) {
		return SlsTarget.read(target);
	}

	/** SLS limits a project, whoever asks. */
	@Override
	public String accountKey(SourceSpec source, Map<String, Secret> secrets) {
		return "sls:" + source.endpoint().getHost() + "/" + source.options(SlsOptions.class).project();
	}

	@Override
	public LogSource open(SourceSpec source, Map<String, Secret> secrets, SourceConnection run,
			SourceConnection probe, FileStaging staging) {
		SlsCredentials credentials = new SlsCredentials(secrets.get("accessKeyId").reveal(),
				secrets.get("accessKeySecret"), secrets.get("securityToken"));
		return new SlsLogSource(source, new SlsApiClient(source, credentials, run),
				new SlsApiClient(source, credentials, probe));
	}

}
