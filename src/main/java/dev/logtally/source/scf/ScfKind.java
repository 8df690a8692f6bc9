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
 * Tencent Cloud SCF {@code GetFunctionLogs}, API 3.0 (TC3-HMAC-SHA256): {@code tencent-scf}. StartTime/EndTime at most
 * one day apart.
 */
public record ScfKind() implements SourceKind {

	/** Local times of SCF are Beijing's. */
	static final ZoneId BEIJING = ZoneId.of("+08:00");

	private static final SourceLimits LIMITS = new SourceLimits(Duration.ofDays(1), Duration.ofDays(1), 5, 1, 100,
			10_000);

	@Override
	public String name() {
		return "tencent-scf";
	}

	@Override
	public SourceLimits limits() {
		return LIMITS;
	}

	@Override
	public String defaultEndpoint() {
		return "https://scf.tencentcloudapi.com";
	}

	@Override
	public ZoneId defaultTimeZone() {
		return BEIJING;
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
		return Set.of("region", "service");
	}

	@Override
	public @Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint) {
		return ScfOptions.read(source);
	}

	@Override
	public String targetField() {
		return "function";
	}

	@Override
	public @Nullable TargetSpec target(SpecNode target) {
		return ScfTarget.read(target);
	}

	@Override
	public String accountKey(SourceSpec source, Map<String, Secret> secrets) {
		return ScfCredentials.accountKey(secrets);
	}

	@Override
	public LogSource open(SourceSpec source, Map<String, Secret> secrets, SourceConnection run,
			SourceConnection probe, FileStaging staging) {
		ScfCredentials credentials = ScfCredentials.of(secrets);
		return new ScfLogSource(source, new ScfApiClient(source, credentials, run),
				new ScfApiClient(source, credentials, probe));
	}

}
