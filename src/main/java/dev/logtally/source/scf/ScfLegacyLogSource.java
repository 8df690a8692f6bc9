package dev.logtally.source.scf;

import dev.logtally.source.WindowItem;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.Rereads;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A Tencent Cloud SCF source read through the legacy API v2. Its files have the same columns, in the same order, as an
 * API 3.0 source's, so an archive stays comparable when an account moves from one to the other.
 */
public final class ScfLegacyLogSource implements LogSource {

	private static final RecordLayout LAYOUT = FunctionLogColumns.LAYOUT.handedNewestFirst();

	private final SourceSpec spec;

	private final ScfLegacyApiClient client;

	private final ScfLegacyApiClient probeClient;

	public ScfLegacyLogSource(SourceSpec spec, ScfLegacyApiClient client, ScfLegacyApiClient probeClient) {
		this.spec = spec;
		this.client = client;
		this.probeClient = probeClient;
	}

	@Override
	public ItemStreamReader<WindowItem> reader(TargetSpec target, Window window) {
		return new ScfLegacyWindowReader(this.client, (ScfTarget) target, window, this.spec.pageSize(),
				this.spec.options(ScfLegacyOptions.class).offsetCap(), new FunctionLogColumns(this.spec.timeZone()),
				Rereads.of(this.spec.reread()));
	}

	@Override
	public void probe(TargetSpec target, Window window) {
		this.probeClient.getFunctionLogs((ScfTarget) target, 0, 1);
	}

	@Override
	public RecordLayout layout() {
		return LAYOUT;
	}

}
