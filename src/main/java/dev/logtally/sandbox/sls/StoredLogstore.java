package dev.logtally.sandbox.sls;

import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One logstore as the emulator queries it. The only per-log state is the log's time as epoch nanoseconds, in a
 * sorted {@code long[]}; everything else is derived from that key on demand, so 300,000 logs cost 2.4 MB and no
 * strings until a page is written.
 *
 * <p>Invariants: keys are ascending; two entries share a key only if they are identical copies (so their contents,
 * derived from the key, are identical too); the builder segment a key came from is {@code key mod segments}, which is
 * how late logs know when they become visible. The index of an entry is its stable sequence.
 */
final class StoredLogstore {

	static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final List<String> SOURCES = List.of("10.0.1.15", "10.0.1.16", "10.0.2.31", "192.168.10.5");

	private static final List<String> STATUSES = List.of("200", "200", "200", "201", "204", "301", "400", "404",
			"500", "503");

	private static final List<String> ERROR_CODES = List.of("UpstreamTimeout", "DbDeadlock", "InvalidToken",
			"QuotaExceeded");

	private static final List<String> PATHS = List.of("/api/orders", "/api/users", "/api/payments", "/healthz");

	private final String project;

	private final String name;

	private final boolean indexed;

	private final long[] keys;

	private final int segments;

	private final int[] visibleAfterServed;

	private final long contentSeed;

	private final List<String> topics;

	private final boolean hostile;

	StoredLogstore(String project, String name, boolean indexed, long[] keys, int[] visibleAfterServed,
			long contentSeed, List<String> topics, boolean hostile) {
		this.project = project;
		this.name = name;
		this.indexed = indexed;
		this.keys = keys;
		this.segments = Math.max(1, visibleAfterServed.length);
		this.visibleAfterServed = visibleAfterServed;
		this.contentSeed = contentSeed;
		this.topics = List.copyOf(topics);
		this.hostile = hostile;
	}

	String project() {
		return this.project;
	}

	String name() {
		return this.name;
	}

	/** Without index configuration every query is refused with {@code IndexConfigNotExist}. */
	boolean indexed() {
		return this.indexed;
	}

	int size() {
		return this.keys.length;
	}

	/** Epoch nanoseconds of entry {@code index}. */
	long key(int index) {
		return this.keys[index];
	}

	long second(int index) {
		return Math.floorDiv(this.keys[index], NANOS_PER_SECOND);
	}

	int nsPart(int index) {
		return (int) Math.floorMod(this.keys[index], NANOS_PER_SECOND);
	}

	/** Whether the source returns entry {@code index} once the emulator has served {@code served} answers. */
	boolean visible(int index, int served) {
		if (this.visibleAfterServed.length == 0) {
			return true;
		}
		return this.visibleAfterServed[(int) Math.floorMod(this.keys[index], (long) this.segments)] <= served;
	}

	/** The index of the first entry at or after {@code nanos}. */
	int firstAtOrAfter(long nanos) {
		int low = 0;
		int high = this.keys.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.keys[mid] < nanos) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	String topic(int index) {
		return this.topics.get(content(index).nextInt(this.topics.size()));
	}

	String source(int index) {
		SplittableRandom random = content(index);
		random.nextInt(this.topics.size());
		return SOURCES.get(random.nextInt(SOURCES.size()));
	}

	/** Entry {@code index} with every field; identical copies give equal logs. */
	SlsLog log(int index) {
		SplittableRandom random = content(index);
		// topic and source come first so that filters can derive them without generating the rest
		String topic = this.topics.get(random.nextInt(this.topics.size()));
		String source = SOURCES.get(random.nextInt(SOURCES.size()));
		SortedMap<String, String> fields = new TreeMap<>();
		int levelRoll = random.nextInt(100);
		String level = levelRoll < 70 ? "INFO" : levelRoll < 85 ? "WARN" : levelRoll < 95 ? "ERROR" : "DEBUG";
		fields.put("level", level);
		boolean hostileMessage = this.hostile && random.nextInt(4) == 0;
		fields.put("message", hostileMessage ? HostileValues.value(random.nextInt(1 << 16)) : message(level, random));
		if (random.nextInt(10) < 6) {
			fields.put("status", STATUSES.get(random.nextInt(STATUSES.size())));
		}
		if (random.nextBoolean()) {
			fields.put("latency_ms", Integer.toString(random.nextInt(1, 5_000)));
		}
		if (random.nextInt(10) < 3) {
			fields.put("user_id", "u" + (100_000 + random.nextInt(900_000)));
		}
		if (random.nextInt(10) < 4) {
			fields.put("trace_id", Long.toHexString(random.nextLong() | Long.MIN_VALUE)
					+ Long.toHexString(random.nextLong() | Long.MIN_VALUE));
		}
		if ("ERROR".equals(level)) {
			fields.put("error_code", ERROR_CODES.get(random.nextInt(ERROR_CODES.size())));
		}
		if (this.hostile && random.nextInt(20) == 0) {
			fields.put(HostileValues.KEYS.get(random.nextInt(HostileValues.KEYS.size())),
					HostileValues.value(random.nextInt(1 << 16)));
		}
		return new SlsLog(second(index), nsPart(index), source, topic, fields);
	}

	private SplittableRandom content(int index) {
		return new SplittableRandom(mix(this.contentSeed + this.keys[index] * 0x9E3779B97F4A7C15L));
	}

	private static String message(String level, SplittableRandom random) {
		String path = PATHS.get(random.nextInt(PATHS.size()));
		int id = random.nextInt(1, 100_000);
		return switch (level) {
			case "ERROR" -> "request to " + path + "/" + id + " failed";
			case "WARN" -> "slow response from " + path + "/" + id;
			case "DEBUG" -> "cache lookup for " + path + "/" + id;
			default -> "handled " + path + "/" + id;
		};
	}

	/** Stafford's variant 13 of the MurmurHash3 finaliser: neighbouring keys get unrelated content streams. */
	static long mix(long value) {
		long z = value;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
