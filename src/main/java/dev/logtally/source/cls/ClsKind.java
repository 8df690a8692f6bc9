package dev.logtally.source.cls;

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
 * Tencent Cloud CLS {@code SearchLog}, counted by {@code DescribeLogHistogram} (API 3.0, TC3-HMAC-SHA256):
 * {@code tencent-cls}. Where SCF function logs live on current Tencent accounts.
 */
public record ClsKind() implements SourceKind {

	/** SearchLog's Limit is at most 1000 logs. */
	private static final SourceLimits LIMITS = new SourceLimits(Duration.ofDays(1), Duration.ofHours(1), 10, 1, 1000,
			1000);

	@Override
	public String name() {
		return "tencent-cls";
	}

	@Override
	public SourceLimits limits() {
		return LIMITS;
	}

	@Override
	public String defaultEndpoint() {
		return "https://cls.tencentcloudapi.com";
	}

	@Override
	public ZoneId defaultTimeZone() {
		return ZoneId.of("UTC");
	}

	@Override
	public List<String> requiredCredentials() {
		return ClsCredentials.REQUIRED;
	}

	@Override
	public List<String> optionalCredentials() {
		return ClsCredentials.OPTIONAL;
	}

	@Override
	public Set<String> optionFields() {
		return Set.of("region", "settleDelay", "scfEndpoint", "sqlCount");
	}

	@Override
	public @Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint) {
		return ClsOptions.read(source);
	}

	@Override
	public String targetField() {
		return "topic or function";
	}

	@Override
	public @Nullable TargetSpec target(SpecNode target) {
		return target.field("function").isMissing() ? ClsTarget.read(target) : ClsFunctionTarget.read(target);
	}

	@Override
	public String accountKey(SourceSpec source, Map<String, Secret> secrets) {
		return ClsCredentials.accountKey(secrets);
	}

	@Override
	public LogSource open(SourceSpec source, Map<String, Secret> secrets, SourceConnection run,
			SourceConnection probe, FileStaging staging) {
		ClsCredentials credentials = ClsCredentials.of(secrets);
		// one set of places per topic for the run's windows and its probes: CLS counts them together
		TopicQuerySlots slots = new TopicQuerySlots();
		return new ClsLogSource(source, new ClsApiClient(source, credentials, run, slots),
				new ClsApiClient(source, credentials, probe, slots), new ScfFunctionClient(source, credentials, run),
				new ScfFunctionClient(source, credentials, probe));
	}

}
