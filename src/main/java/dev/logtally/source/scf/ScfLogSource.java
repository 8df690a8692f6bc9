package dev.logtally.source.scf;

import java.util.OptionalLong;

import dev.logtally.source.WindowItem;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.Rereads;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** A Tencent Cloud SCF (API 3.0) source: function logs read with {@code GetFunctionLogs}. */
public final class ScfLogSource implements LogSource {

	private final SourceSpec spec;

	private final ScfApiClient client;

	private final ScfApiClient probeClient;

	/**
	 * @param client the client windows are read with
	 * @param probeClient the same account and budget with fewer attempts, for the check before a run
	 */
	public ScfLogSource(SourceSpec spec, ScfApiClient client, ScfApiClient probeClient) {
		this.spec = spec;
		this.client = client;
		this.probeClient = probeClient;
	}

	@Override
	public ItemStreamReader<WindowItem> reader(TargetSpec target, Window window) {
		return new ScfWindowReader(this.client, (ScfTarget) target, window, this.spec.pageSize(),
				new FunctionLogColumns(this.spec.timeZone()), Rereads.of(this.spec.reread()));
	}

	@Override
	public void probe(TargetSpec target, Window window) {
		this.probeClient.getFunctionLogs(new ScfQuery((ScfTarget) target, window.start(), window.end(), 0, 1));
	}

	/** {@code TotalCount} of the window, which is the whole count even above the Offset+Limit cap. */
	@Override
	public OptionalLong count(TargetSpec target, Window window) {
		return OptionalLong
			.of(this.client.getFunctionLogs(new ScfQuery((ScfTarget) target, window.start(), window.end(), 0, 1))
				.totalCount());
	}

	@Override
	public RecordLayout layout() {
		return FunctionLogColumns.LAYOUT;
	}

}
