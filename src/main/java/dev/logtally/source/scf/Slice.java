package dev.logtally.source.scf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A part of a window small enough for the Offset+Limit cap, read as one offset-paged query.
 * @param from inclusive, whole second
 * @param to exclusive, whole second
 * @param plannedCount the source's count when the slice was planned
 */
public record Slice(Instant from, Instant to, long plannedCount) {

	/** Encodes a plan compactly for the execution context: {@code from:to:count} per slice, epoch seconds. */
	static String encode(List<Slice> plan) {
		StringBuilder text = new StringBuilder();
		for (Slice slice : plan) {
			if (!text.isEmpty()) {
				text.append(';');
			}
			text.append(slice.from.getEpochSecond()).append(':').append(slice.to.getEpochSecond()).append(':')
				.append(slice.plannedCount);
		}
		return text.toString();
	}

	static List<Slice> decode(String text) {
		List<Slice> plan = new ArrayList<>();
		if (text.isEmpty()) {
			return plan;
		}
		for (String part : text.split(";")) {
			String[] fields = part.split(":");
			plan.add(new Slice(Instant.ofEpochSecond(Long.parseLong(fields[0])),
					Instant.ofEpochSecond(Long.parseLong(fields[1])), Long.parseLong(fields[2])));
		}
		return plan;
	}

}
