package dev.logtally.source.cls;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
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
 * @param scfEndpoint where SCF API 3.0 {@code GetFunction} is asked for the topic of a {@code function:} target
 *     that does not name its topic
 * @param sqlCount whether each window's count is cross-checked with an SQL {@code count(*)} at sampling rate 1, with
 *     exact half-open time bounds; off for a topic whose index has no statistics (SQL analysis) enabled
 */
public record ClsOptions(String region, Duration settleDelay, URI scfEndpoint, boolean sqlCount)
		implements SourceOptions {

	static final Duration DEFAULT_SETTLE_DELAY = Duration.ofMinutes(5);

	static final URI DEFAULT_SCF_ENDPOINT = URI.create("https://scf.tencentcloudapi.com");

	/** Tencent's region names: {@code ap-guangzhou}, {@code na-siliconvalley}. */
	private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

	/** With SCF's public endpoint and the SQL cross-check on. */
	public ClsOptions(String region, Duration settleDelay) {
		this(region, settleDelay, DEFAULT_SCF_ENDPOINT);
	}

	/** With the SQL cross-check on. */
	public ClsOptions(String region, Duration settleDelay, URI scfEndpoint) {
		this(region, settleDelay, scfEndpoint, true);
	}

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
		URI scfEndpoint = scfEndpoint(source.field("scfEndpoint"));
		boolean sqlCount = source.field("sqlCount").bool(true);
		boolean kindsMixed = kindsMixed(source.field("targets"));
		return region == null || settleDelay == null || scfEndpoint == null || kindsMixed ? null
				: new ClsOptions(region, settleDelay, scfEndpoint, sqlCount);
	}

	private static @Nullable URI scfEndpoint(SpecNode node) {
		if (node.isMissing()) {
			return DEFAULT_SCF_ENDPOINT;
		}
		String text = node.text(true);
		if (text == null) {
			return null;
		}
		try {
			URI uri = new URI(text);
			if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null
					|| (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
					|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
				node.problem("\"" + text + "\" must be an http:// or https:// base URL without path, query or "
						+ "fragment (e.g. https://scf.tencentcloudapi.com)");
				return null;
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			node.problem("\"" + text + "\" is not a URL: " + ex.getReason());
			return null;
		}
	}

	/**
	 * Whether the source has both {@code topic:} and {@code function:} targets, reported on its targets: a source's
	 * files share one set of leading columns, and a function's have SCF's fields among them.
	 */
	private static boolean kindsMixed(SpecNode targets) {
		List<SpecNode> nodes = targets.isMissing() ? List.of() : targets.elements();
		long functions = nodes.stream().filter((target) -> !target.field("function").isMissing()).count();
		if (functions == 0 || functions == nodes.size()) {
			return false;
		}
		targets.problem("mixes topic: and function: targets; give them two tencent-cls sources with the same "
				+ "credentials (they share one rate budget): a function's files have SCF's fields as columns of "
				+ "their own, a topic's have not");
		return true;
	}

}
