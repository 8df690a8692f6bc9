package dev.logtally.source.sls;

import java.util.OptionalLong;

import dev.logtally.http.SourceException;
import dev.logtally.source.WindowItem;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.Rereads;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** An Alibaba Cloud SLS source: logstores read with {@code GetLogs}, counted with {@code GetHistograms}. */
public final class SlsLogSource implements LogSource {

	private final SourceSpec spec;

	private final SlsApiClient client;

	private final SlsApiClient probeClient;

	public SlsLogSource(SourceSpec spec, SlsApiClient client, SlsApiClient probeClient) {
		this.spec = spec;
		this.client = client;
		this.probeClient = probeClient;
	}

	@Override
	public ItemStreamReader<WindowItem> reader(TargetSpec target, Window window) {
		return new SlsWindowReader(this.client, (SlsTarget) target, window, this.spec.pageSize(),
				Rereads.of(this.spec.reread()));
	}

	@Override
	public void probe(TargetSpec target, Window window) {
		this.probeClient.histogram((SlsTarget) target, NsRange.of(window.start(), window.end()));
	}

	/** The sum of {@code GetHistograms} over the window, once complete. */
	@Override
	public OptionalLong count(TargetSpec target, Window window) {
		NsRange range = NsRange.of(window.start(), window.end());
		return OptionalLong.of(this.client.histogram((SlsTarget) target, range)
			.orElseThrow(() -> new SourceException(SourceException.Kind.SERVER, this.client.context((SlsTarget) target,
					range) + ": GetHistograms stayed Incomplete beyond the bound, so the window cannot be counted"))
			.stream()
			.mapToLong(HistogramBucket::count)
			.sum());
	}

	@Override
	public RecordLayout layout() {
		return SlsColumns.LAYOUT;
	}

}
