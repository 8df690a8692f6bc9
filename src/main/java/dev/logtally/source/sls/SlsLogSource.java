package dev.logtally.source.sls;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.spec.SlsTarget;
import dev.logtally.spec.SourceSpec;
import dev.logtally.spec.TargetSpec;
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
	public ItemStreamReader<ExportRecord> reader(TargetSpec target, Window window) {
		return new SlsWindowReader(this.client, (SlsTarget) target, window, this.spec.pageSize());
	}

	@Override
	public void probe(TargetSpec target, Window window) {
		this.probeClient.histogram((SlsTarget) target, NsRange.of(window.start(), window.end()));
	}

	@Override
	public RecordLayout layout() {
		return SlsColumns.LAYOUT;
	}

}
