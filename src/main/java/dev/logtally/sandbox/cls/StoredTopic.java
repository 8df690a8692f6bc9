package dev.logtally.sandbox.cls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One topic as the emulator queries it: its logs in time order, each with the number of served answers after which
 * the topic returns it (0 for a log that is there from the start).
 *
 * <p>Invariants: {@code logs} is sorted by time; the index of a log is its stable sequence, which ties are shuffled
 * around per request but never lose.
 */
final class StoredTopic {

	private final String id;

	private final String name;

	private final boolean hostile;

	private final ClsLog[] logs;

	private final int[] visibleAfterServed;

	StoredTopic(String id, String name, boolean hostile, ClsLog[] logs, int[] visibleAfterServed) {
		this.id = id;
		this.name = name;
		this.hostile = hostile;
		this.logs = logs;
		this.visibleAfterServed = visibleAfterServed;
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	boolean hostile() {
		return this.hostile;
	}

	int size() {
		return this.logs.length;
	}

	ClsLog log(int index) {
		return this.logs[index];
	}

	List<ClsLog> logs() {
		return Collections.unmodifiableList(Arrays.asList(this.logs));
	}

	boolean visible(int index, int served) {
		return this.visibleAfterServed[index] <= served;
	}

	/** The index of the first log at or after {@code timeMs}. */
	int firstAtOrAfter(long timeMs) {
		int low = 0;
		int high = this.logs.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.logs[mid].time() < timeMs) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	/** This topic with {@code added} (sorted by time) merged in, visible once {@code afterServed} answers are served. */
	StoredTopic with(List<ClsLog> added, int afterServed) {
		List<ClsLog> merged = new ArrayList<>(this.logs.length + added.size());
		int[] visible = new int[this.logs.length + added.size()];
		int i = 0;
		int j = 0;
		while (i < this.logs.length || j < added.size()) {
			// an added log goes after the stored ones of its millisecond: it arrived later
			if (j == added.size() || (i < this.logs.length && this.logs[i].time() <= added.get(j).time())) {
				visible[merged.size()] = this.visibleAfterServed[i];
				merged.add(this.logs[i++]);
			}
			else {
				visible[merged.size()] = afterServed;
				merged.add(added.get(j++));
			}
		}
		return new StoredTopic(this.id, this.name, this.hostile, merged.toArray(ClsLog[]::new), visible);
	}

}
