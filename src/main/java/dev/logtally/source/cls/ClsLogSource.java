package dev.logtally.source.cls;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import dev.logtally.http.SourceException;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.Rereads;
import dev.logtally.source.WindowItem;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A Tencent Cloud CLS source: topics read with {@code SearchLog}, counted with {@code DescribeLogHistogram} and, unless
 * the spec turns it off, cross-checked with an SQL {@code count(*)}; an SCF
 * function's logs read on the topic it delivers to, which SCF {@code GetFunction} names unless the spec does.
 *
 * <p>A function's topic is asked once per run, by whichever comes first (the check before the run, a window, a
 * count), and kept for the run: every window of the run reads the same topic.
 */
public final class ClsLogSource implements LogSource {

	private final SourceSpec spec;

	private final ClsApiClient client;

	private final ClsApiClient probeClient;

	private final @Nullable ScfFunctionClient functions;

	private final @Nullable ScfFunctionClient probeFunctions;

	private final RecordLayout layout;

	/** The topic of each function asked for, by (function, namespace, qualifier). */
	private final Map<FunctionKey, String> topics = new HashMap<>();

	public ClsLogSource(SourceSpec spec, ClsApiClient client, ClsApiClient probeClient) {
		this(spec, client, probeClient, null, null);
	}

	/**
	 * @param functions asks SCF for a function's topic, or {@code null} for a source that never needs to
	 * @param probeFunctions the same, for the check before a run: fewer attempts
	 */
	ClsLogSource(SourceSpec spec, ClsApiClient client, ClsApiClient probeClient,
			@Nullable ScfFunctionClient functions, @Nullable ScfFunctionClient probeFunctions) {
		this.spec = spec;
		this.client = client;
		this.probeClient = probeClient;
		this.functions = functions;
		this.probeFunctions = probeFunctions;
		// the loader refuses a source that mixes topic and function targets: their files' columns differ
		this.layout = spec.targets().stream().anyMatch(ClsFunctionTarget.class::isInstance)
				? ClsColumns.FUNCTION_LAYOUT : ClsColumns.LAYOUT;
	}

	@Override
	public ItemStreamReader<WindowItem> reader(TargetSpec target, Window window) {
		return new ClsWindowReader(this.client, topicTarget(target, this.functions), window, this.spec.pageSize(),
				Rereads.of(this.spec.reread()), new ClsColumns(this.layout), sqlCount());
	}

	/**
	 * A function's topic (asked of SCF here, before anything is written), then one SearchLog of one log: the topic
	 * exists, the statement parses, the credentials are taken; with the SQL cross-check on, one SQL count too, so a
	 * topic that runs no SQL is refused before anything is written rather than at each window's end.
	 */
	@Override
	public void probe(TargetSpec target, Window window) {
		ClsTarget topic = topicTarget(target, this.probeFunctions);
		MsRange range = MsRange.of(window.start(), window.end());
		try {
			this.probeClient.searchLog(new ClsSearch(topic, range, 1, null));
		}
		catch (ClsQueryException ex) {
			// Too large for CLS even for one log: the window's read will split it; the source itself answers.
		}
		if (sqlCount()) {
			this.probeClient.sqlCount(topic, range);
		}
	}

	/**
	 * The window's count now. A topic's is the histogram's {@code TotalCount}, which, with the SQL cross-check on, the
	 * SQL {@code count(*)} must confirm. A function's is, with the cross-check on, the SQL count with its exact fields:
	 * the histogram counts what its statement finds, which may include other functions whose names hold its own as
	 * text.
	 * @throws SourceException REJECTED when the two counts of a topic's window differ: neither is documented as exact,
	 *     so the window has no count to reconcile against
	 */
	@Override
	public OptionalLong count(TargetSpec target, Window window) {
		MsRange range = MsRange.of(window.start(), window.end());
		ClsTarget topic = topicTarget(target, this.functions);
		if (sqlCount() && !topic.exactFields().isEmpty()) {
			return OptionalLong.of(this.client.sqlCount(topic, range));
		}
		long total = this.client.histogram(topic, range, ClsApiClient.finestInterval(range)).totalCount();
		if (sqlCount()) {
			long counted = this.client.sqlCount(topic, range);
			if (counted != total) {
				throw new SourceException(SourceException.Kind.REJECTED, this.client.context(topic, range)
						+ ": the histogram counts " + total + " logs and the SQL count(*) " + counted
						+ ": the window has no count to reconcile against; count it again later");
			}
		}
		return OptionalLong.of(total);
	}

	private boolean sqlCount() {
		return this.spec.options(ClsOptions.class).sqlCount();
	}

	@Override
	public RecordLayout layout() {
		return this.layout;
	}

	/** What is read for a target: a topic as it is, a function as its logs on its topic. */
	private ClsTarget topicTarget(TargetSpec target, @Nullable ScfFunctionClient lookup) {
		if (target instanceof ClsFunctionTarget function) {
			return function.on(function.topic() != null ? function.topic() : topicOf(function, lookup));
		}
		return (ClsTarget) target;
	}

	/**
	 * The topic SCF delivers the function's logs to, asked once per run. Synchronized: windows read in parallel, and
	 * one question is enough.
	 * @throws SourceException NOT_FOUND when SCF has no such function or it delivers no logs to CLS
	 */
	private synchronized String topicOf(ClsFunctionTarget function, @Nullable ScfFunctionClient lookup) {
		FunctionKey key = new FunctionKey(function.function(), function.namespace(), function.qualifier());
		String topic = this.topics.get(key);
		if (topic != null) {
			return topic;
		}
		if (lookup == null) {
			throw new IllegalStateException("source " + this.spec.id() + " was opened without an SCF client");
		}
		FunctionDelivery delivery = lookup.delivery(function);
		if (!delivery.delivers()) {
			throw new SourceException(SourceException.Kind.NOT_FOUND, "source " + this.spec.id() + ", target "
					+ function.id() + ": SCF function " + function.namespace() + "/" + function.function()
					+ " has no CLS log delivery: give its topic with `topic:` (the TopicId its logs go to), or turn "
					+ "on its log delivery to CLS");
		}
		this.topics.put(key, delivery.topicId());
		return delivery.topicId();
	}

	/** What SCF is asked about: a function's topic may differ by qualifier. */
	private record FunctionKey(String function, String namespace, @Nullable String qualifier) {
	}

}
