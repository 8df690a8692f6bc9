package dev.logtally.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import dev.logtally.window.WindowPlanner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One unit of export work: a source, one of its targets and one window. Each becomes a partition of the export step,
 * with its own restart state.
 */
public record WindowPartition(String source, String target, Window window) {

	static final String SOURCE = "partition.source";

	static final String TARGET = "partition.target";

	static final String START = "partition.start";

	static final String END = "partition.end";

	/** Spring Batch's step names hold at most 100 characters, the partition step's own name and a colon included. */
	private static final int MAX_NAME = 80;

	/** The plan of a run: every (source, target, window) of {@code [from, to)}, in a stable order. */
	public static List<WindowPartition> plan(JobSpec spec, Instant from, Instant to) {
		List<WindowPartition> partitions = new ArrayList<>();
		for (SourceSpec source : spec.sources()) {
			List<Window> windows = WindowPlanner.plan(from, to, source.grid(spec.zone()));
			for (TargetSpec target : source.targets()) {
				for (Window window : windows) {
					partitions.add(new WindowPartition(source.id(), target.id(), window));
				}
			}
		}
		return partitions;
	}

	/** A deterministic name: the same partition has the same name in every run, so a restart finds its state. */
	public String name() {
		String readable = this.source + "/" + this.target + "/" + this.window.stem();
		if (readable.length() <= MAX_NAME) {
			return readable;
		}
		String hash = Integer.toHexString(readable.hashCode());
		return readable.substring(0, MAX_NAME - hash.length() - 1) + "~" + hash;
	}

	ExecutionContext toContext() {
		ExecutionContext context = new ExecutionContext();
		context.putString(SOURCE, this.source);
		context.putString(TARGET, this.target);
		context.putLong(START, this.window.start().getEpochSecond());
		context.putLong(END, this.window.end().getEpochSecond());
		return context;
	}

	/**
	 * The name of the lock a worker holds while it runs a partition's window: the spec's name, the source, target and
	 * window, hashed to fit the lock table's 64 characters. The same window of any run of the spec has the same name.
	 */
	public static String lockName(StepExecution partition) {
		WindowPartition window = fromContext(partition.getExecutionContext());
		String identity = partition.getJobExecution().getJobParameters().getString(ExportParameters.SPEC_NAME) + "/"
				+ window.source() + "/" + window.target() + "/" + window.window().start() + "/" + window.window().end();
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			return "window/" + HexFormat.of().formatHex(digest, 0, 24);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	static WindowPartition fromContext(ExecutionContext context) {
		return new WindowPartition(context.getString(SOURCE), context.getString(TARGET),
				new Window(Instant.ofEpochSecond(context.getLong(START)), Instant.ofEpochSecond(context.getLong(END))));
	}

}
