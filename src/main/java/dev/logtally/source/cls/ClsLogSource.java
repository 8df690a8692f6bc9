package dev.logtally.source.cls;

import java.util.OptionalLong;

import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.Rereads;
import dev.logtally.source.WindowItem;
import dev.logtally.window.Window;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** A Tencent Cloud CLS source: topics read with {@code SearchLog}, counted with {@code DescribeLogHistogram}. */
public final class ClsLogSource implements LogSource {

	private final SourceSpec spec;

	private final ClsApiClient client;

	private final ClsApiClient probeClient;

	public ClsLogSource(SourceSpec spec, ClsApiClient client, ClsApiClient probeClient) {
		this.spec = spec;
		this.client = client;
		this.probeClient = probeClient;
	}

	@Override
	public ItemStreamReader<WindowItem> reader(TargetSpec target, Window window) {
		return new ClsWindowReader(this.client, (ClsTarget) target, window, this.spec.pageSize(),
				Rereads.of(this.spec.reread()));
	}

	/** One SearchLog of one log: the topic exists, the statement parses, the credentials are taken. */
	@Override
	public void probe(TargetSpec target, Window window) {
		try {
			this.probeClient.searchLog(new ClsSearch((ClsTarget) target, MsRange.of(window.start(), window.end()), 1,
					null));
		}
		catch (ClsQueryException ex) {
			// Too large for CLS even for one log: the window's read will split it; the source itself answers.
		}
	}

	/** The histogram's {@code TotalCount} of the window. */
	@Override
	public OptionalLong count(TargetSpec target, Window window) {
		MsRange range = MsRange.of(window.start(), window.end());
		return OptionalLong.of(this.client.histogram((ClsTarget) target, range, ClsApiClient.finestInterval(range))
			.totalCount());
	}

	@Override
	public RecordLayout layout() {
		return ClsColumns.LAYOUT;
	}

}
