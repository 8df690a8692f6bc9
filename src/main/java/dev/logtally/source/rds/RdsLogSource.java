package dev.logtally.source.rds;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.logtally.source.FileStaging;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.Rereads;
import dev.logtally.source.WindowItem;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A Huawei Cloud RDS source: the audit-log listing of each instance, and the audit-log files themselves archived next
 * to it.
 */
public final class RdsLogSource implements LogSource {

	private final SourceSpec spec;

	private final RdsApiClient client;

	private final RdsApiClient probeClient;

	private final FileStaging staging;

	public RdsLogSource(SourceSpec spec, RdsApiClient client, RdsApiClient probeClient, FileStaging staging) {
		this.spec = spec;
		this.client = client;
		this.probeClient = probeClient;
		this.staging = staging;
	}

	@Override
	public ItemStreamReader<WindowItem> reader(TargetSpec target, Window window) {
		return new RdsWindowReader(this.client, (RdsTarget) target, window, this.spec.pageSize(),
				this.spec.options(RdsOptions.class).downloadFiles(),
				(id) -> this.staging.archivedFileKey(this.spec.id(), target.id(), window, id), this.staging::staged,
				Rereads.of(this.spec.reread()));
	}

	@Override
	public void probe(TargetSpec target, Window window) {
		// At most 30 days may be listed at once: a probe of the first day is enough to try endpoint and credentials.
		Window first = window.length().toDays() > 1 ? new Window(window.start(), window.start().plusSeconds(86_400))
				: window;
		this.probeClient.list((RdsTarget) target, first, 0, 1);
	}

	/** {@code total_record} of the window's listing of audit-log files. */
	@Override
	public OptionalLong count(TargetSpec target, Window window) {
		return OptionalLong.of(this.client.list((RdsTarget) target, window, 0, 1).totalRecord());
	}

	@Override
	public RecordLayout layout() {
		return RdsColumns.LAYOUT;
	}

	@Override
	public Optional<Map<String, String>> archivedFile(Map<String, String> row) {
		return RdsColumns.manifestEntry(row);
	}

	@Override
	public boolean archivesFiles() {
		return true;
	}

}
