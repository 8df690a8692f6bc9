package dev.logtally.source.cls;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.logtally.jobspec.SourceOptions;
import dev.logtally.jobspec.SpecNode;
import org.jspecify.annotations.Nullable;

/**
 * What only a Tencent Cloud CLS source needs.
 * @param region the {@code X-TC-Region} of every request
 * @param settleDelay how long after a window ends before it may be exported: CLS indexes a log some time after it
 *     arrives (how long is not documented), and a window counted before then would miss it
 */
public record ClsOptions(String region, Duration settleDelay) implements SourceOptions {

	static final Duration DEFAULT_SETTLE_DELAY = Duration.ofMinutes(5);

	/** Tencent's region names: {@code ap-guangzhou}, {@code na-siliconvalley}. */
	private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

	@Override
	public Optional<Duration> minimumSettleDelay() {
		return Optional.of(this.settleDelay);
	}

	/** Reads them from the source's node, reporting each problem on its field; {@code null} when not valid. */
	static @Nullable ClsOptions read(SpecNode source) {
		String region = source.field("region").text(true);
		if (region != null && !REGION.matcher(region).matches()) {
			source.field("region").problem("\"" + region + "\" is not a Tencent Cloud region (e.g. ap-guangzhou)");
			region = null;
		}
		Duration settleDelay = source.field("settleDelay").duration(DEFAULT_SETTLE_DELAY);
		return region == null || settleDelay == null ? null : new ClsOptions(region, settleDelay);
	}

}
