package dev.logtally.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** One partition per planned window; the grid size is ignored because the plan, not a thread count, decides. */
final class WindowPartitioner implements Partitioner {

	private final List<WindowPartition> plan;

	WindowPartitioner(List<WindowPartition> plan) {
		this.plan = List.copyOf(plan);
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (WindowPartition partition : this.plan) {
			partitions.put(partition.name(), partition.toContext());
		}
		return partitions;
	}

}
