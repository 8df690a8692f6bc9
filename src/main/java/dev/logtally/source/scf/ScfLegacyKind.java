package dev.logtally.source.scf;

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
 * Tencent Cloud SCF {@code GetFunctionLogs}, legacy API v2 ({@code /v2/index.php}, HmacSHA1/HmacSHA256 query
 * signatures): {@code tencent-scf-legacy}. It has no time-range parameters: a window is found by paging newest first.
 * The same account, and so the same rate budget, as API 3.0.
 */
public record ScfLegacyKind() implements SourceKind {

	private static final SourceLimits LIMITS = new SourceLimits(Duration.ofDays(1), Duration.ofDays(1), 5, 1, 100,
			100);

	@Override
	public String name() {
		return "tencent-scf-legacy";
	}

	@Override
	public SourceLimits limits() {
		return LIMITS;
	}

	@Override
	public String defaultEndpoint() {
		return "https://scf.api.qcloud.com";
	}

	@Override
	public ZoneId defaultTimeZone() {
		return ScfKind.BEIJING;
	}

	@Override
	public List<String> requiredCredentials() {
		return ScfCredentials.REQUIRED;
	}

	@Override
	public List<String> optionalCredentials() {
		return ScfCredentials.OPTIONAL;
	}

	@Override
	public Set<String> optionFields() {
		return Set.of("region", "signatureMethod", "httpMethod", "signingHost", "offsetCap");
	}

	@Override
	public @Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint) {
		return ScfLegacyOptions.read(source, endpoint);
	}

	@Override
	public String targetField() {
		return "function";
	}

	@Override
	public @Nullable TargetSpec target(SpecNode target) {
		return ScfTarget.readLegacy(target);
	}

	@Override
	public String accountKey(SourceSpec source, Map<String, Secret> secrets) {
		return ScfCredentials.accountKey(secrets);
	}

	@Override
	public LogSource open(SourceSpec source, Map<String, Secret> secrets, SourceConnection run,
			SourceConnection probe, FileStaging staging) {
		ScfCredentials credentials = ScfCredentials.of(secrets);
		return new ScfLegacyLogSource(source, new ScfLegacyApiClient(source, credentials, run),
				new ScfLegacyApiClient(source, credentials, probe));
	}

}
