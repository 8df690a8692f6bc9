package dev.logtally.sandbox.sls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic SLS logs: the same seed and builder calls always give the same logs, field for field, so
 * an export can be compared with {@link #logs(String, String)} exactly.
 *
 * <p>Each logstore draws from its own random stream, derived from the seed, the project and the logstore name, so
 * adding a logstore never changes another. Logs carry nanosecond parts and differing key sets; no two logs of a
 * logstore share a (second, nanosecond) instant unless they are {@linkplain Builder#identical identical copies}.
 *
 * <p>Besides plain logs the dataset models what makes a real SLS export hard: thousands of logs in one second
 * ({@link Builder#burst}), logs that are legitimately identical ({@link Builder#identical}), logs that arrive after
 * their window was already read ({@link Builder#late}), logstores without an index ({@link Builder#unindexed}) and
 * hostile values and keys ({@link Builder#hostile}).
 *
 * <p>Logs are kept as one {@code long} each (see {@link StoredLogstore}); field values are generated when asked for.
 */
public final class SlsDataset {

	private final long seed;

	private final Map<LogstoreKey, StoredLogstore> logstores;

	private SlsDataset(long seed, Map<LogstoreKey, StoredLogstore> logstores) {
		this.seed = seed;
		this.logstores = logstores;
	}

	public static Builder builder(long seed) {
		return new Builder(seed);
	}

	public long seed() {
		return this.seed;
	}

	public boolean hasProject(String project) {
		return this.logstores.keySet().stream().anyMatch((key) -> key.project().equals(project));
	}

	public boolean hasLogstore(String project, String logstore) {
		return this.logstores.containsKey(new LogstoreKey(project, logstore));
	}

	/**
	 * How many logs the source holds for a logstore, identical copies and late logs included.
	 * @throws IllegalArgumentException if the dataset has no such logstore
	 */
	public int size(String project, String logstore) {
		return require(project, logstore).size();
	}

	/**
	 * Every log the source holds for a logstore, sorted by (time, nanosecond part, stable sequence): identical copies
	 * appear as often as they exist, late logs are included.
	 * @throws IllegalArgumentException if the dataset has no such logstore
	 */
	public List<SlsLog> logs(String project, String logstore) {
		StoredLogstore stored = require(project, logstore);
		List<SlsLog> logs = new ArrayList<>(stored.size());
		for (int i = 0; i < stored.size(); i++) {
			logs.add(stored.log(i));
		}
		return Collections.unmodifiableList(logs);
	}

	/** The stored form the emulator queries, or {@code null}. */
	StoredLogstore logstore(String project, String logstore) {
		return this.logstores.get(new LogstoreKey(project, logstore));
	}

	private StoredLogstore require(String project, String logstore) {
		StoredLogstore stored = logstore(project, logstore);
		if (stored == null) {
			throw new IllegalArgumentException("no logstore " + project + "/" + logstore + " in this dataset");
		}
		return stored;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("SlsDataset[seed=").append(this.seed);
		this.logstores.forEach((key, stored) -> text.append(", ")
			.append(key.project())
			.append('/')
			.append(key.logstore())
			.append('=')
			.append(stored.size()));
		return text.append(']').toString();
	}

	record LogstoreKey(String project, String logstore) {

		LogstoreKey {
			if (project == null || project.isBlank() || logstore == null || logstore.isBlank()) {
				throw new IllegalArgumentException("project and logstore must not be blank");
			}
		}

	}

	/**
	 * Collects what the dataset should hold; {@link #build()} generates it. Calls for the same logstore add up; random
	 * draws follow call order, except that identical copies are picked after all of the logstore's logs exist.
	 */
	public static final class Builder {

		private static final List<String> TOPIC_POOL = List.of("api", "worker", "cron", "billing", "audit");

		private final long seed;

		private final Map<LogstoreKey, Plan> plans = new LinkedHashMap<>();

		private boolean hostile = true;

		private Builder(long seed) {
			this.seed = seed;
		}

		/** {@code count} logs at seeded random instants, nanosecond parts included, in {@code [from, to)}. */
		public Builder logstore(String project, String logstore, Instant from, Instant to, int count) {
			requireCount(count);
			long low = nanos(from);
			long high = nanos(to);
			if (count > 0 && low >= high) {
				throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
			}
			plan(project, logstore).segments.add(new Segment(low, high, count, 0));
			return this;
		}

		/** {@code count} logs within the one second that contains {@code second}, with distinct nanosecond parts. */
		public Builder burst(String project, String logstore, Instant second, int count) {
			requireCount(count);
			long start = nanos(Instant.ofEpochSecond(second.getEpochSecond()));
			plan(project, logstore).segments.add(new Segment(start, start + StoredLogstore.NANOS_PER_SECOND, count, 0));
			return this;
		}

		/**
		 * {@code count} extra exact copies of the logstore's logs (same time, nanosecond part, source, topic and
		 * fields), each of a different log chosen by the seed: logs the source legitimately holds more than once and
		 * counts as such. Separate calls may pick the same log again.
		 */
		public Builder identical(String project, String logstore, int count) {
			requireCount(count);
			plan(project, logstore).copies.add(count);
			return this;
		}

		/**
		 * {@code count} logs within the second that contains {@code at} that the source returns only once the
		 * emulator has served {@code visibleAfterServed} successful answers: records that arrive late into a window a
		 * client may already have read.
		 */
		public Builder late(String project, String logstore, Instant at, int count, int visibleAfterServed) {
			requireCount(count);
			if (visibleAfterServed < 0) {
				throw new IllegalArgumentException("visibleAfterServed must not be negative");
			}
			long start = nanos(Instant.ofEpochSecond(at.getEpochSecond()));
			plan(project, logstore).segments
				.add(new Segment(start, start + StoredLogstore.NANOS_PER_SECOND, count, visibleAfterServed));
			return this;
		}

		/** The logstore has no index configuration: every query on it is refused with {@code IndexConfigNotExist}. */
		public Builder unindexed(String project, String logstore) {
			plan(project, logstore).indexed = false;
			return this;
		}

		/**
		 * Whether a deterministic share of logs carries hostile values (delimiters, quotes, CR, LF, CRLF, formula
		 * prefixes, emoji, Chinese, tabs, backslashes) and unusual keys (a space, Chinese, a comma). On by default.
		 */
		public Builder hostile(boolean enabled) {
			this.hostile = enabled;
			return this;
		}

		public SlsDataset build() {
			Map<LogstoreKey, StoredLogstore> logstores = new LinkedHashMap<>();
			this.plans.forEach((key, plan) -> logstores.put(key, generate(key, plan)));
			return new SlsDataset(this.seed, Collections.unmodifiableMap(logstores));
		}

		private Plan plan(String project, String logstore) {
			return this.plans.computeIfAbsent(new LogstoreKey(project, logstore), (key) -> new Plan());
		}

		private StoredLogstore generate(LogstoreKey key, Plan plan) {
			SplittableRandom random = new SplittableRandom(this.seed ^ fingerprint(key));
			long contentSeed = random.nextLong();
			List<String> topics = topics(random);
			int segments = plan.segments.size();
			int primaryCount = plan.segments.stream().mapToInt(Segment::count).sum();
			long copyCount = plan.copies.stream().mapToLong(Integer::longValue).sum();
			if (primaryCount + copyCount > Integer.MAX_VALUE - 8) {
				throw new IllegalArgumentException("too many logs for " + key.project() + "/" + key.logstore());
			}
			long[] keys = new long[primaryCount + (int) copyCount];
			int[] visibleAfterServed = new int[segments];
			int filled = 0;
			for (int index = 0; index < segments; index++) {
				Segment segment = plan.segments.get(index);
				place(random, segment, index, segments, keys, filled);
				visibleAfterServed[index] = segment.visibleAfterServed();
				filled += segment.count();
			}
			Arrays.sort(keys, 0, primaryCount);
			for (int copies : plan.copies) {
				if (copies > primaryCount) {
					throw new IllegalArgumentException("cannot copy " + copies + " of the " + primaryCount
							+ " logs of " + key.project() + "/" + key.logstore());
				}
				for (int picked : distinctSample(random, primaryCount, copies)) {
					keys[filled++] = keys[picked];
				}
			}
			Arrays.sort(keys);
			boolean anyLate = Arrays.stream(visibleAfterServed).anyMatch((after) -> after > 0);
			return new StoredLogstore(key.project(), key.logstore(), plan.indexed, keys,
					anyLate ? visibleAfterServed : new int[0], contentSeed, topics, this.hostile);
		}

		/**
		 * Writes {@code segment.count()} distinct epoch-nanosecond keys into {@code keys[at..]}. Segment {@code index}
		 * only uses keys congruent to {@code index} modulo {@code segments}, so keys of different segments never
		 * collide and a key tells which segment it came from. Within the segment, sorting draws from
		 * {@code [0, slots - count]} and adding each draw's rank makes them strictly increasing without any retry.
		 */
		private static void place(SplittableRandom random, Segment segment, int index, int segments, long[] keys,
				int at) {
			int count = segment.count();
			if (count == 0) {
				return;
			}
			long first = segment.fromNanos() + Math.floorMod(index - segment.fromNanos(), (long) segments);
			long slots = (first >= segment.toNanos()) ? 0 : (segment.toNanos() - 1 - first) / segments + 1;
			if (slots < count) {
				throw new IllegalArgumentException("cannot place " + count + " logs at distinct instants in a range of "
						+ (segment.toNanos() - segment.fromNanos()) + " ns");
			}
			for (int i = 0; i < count; i++) {
				keys[at + i] = random.nextLong(slots - count + 1);
			}
			Arrays.sort(keys, at, at + count);
			for (int i = 0; i < count; i++) {
				keys[at + i] = first + (keys[at + i] + i) * segments;
			}
		}

		/** Floyd's algorithm: {@code count} distinct indexes below {@code bound}, in O(count). */
		private static int[] distinctSample(SplittableRandom random, int bound, int count) {
			Set<Integer> chosen = new HashSet<>();
			int[] picks = new int[count];
			int next = 0;
			for (int candidate = bound - count; candidate < bound; candidate++) {
				int drawn = random.nextInt(candidate + 1);
				int pick = chosen.add(drawn) ? drawn : candidate;
				chosen.add(pick);
				picks[next++] = pick;
			}
			return picks;
		}

		private static List<String> topics(SplittableRandom random) {
			List<String> pool = new ArrayList<>(TOPIC_POOL);
			int count = 2 + random.nextInt(2);
			List<String> topics = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				topics.add(pool.remove(random.nextInt(pool.size())));
			}
			return topics;
		}

		/** A hash of project and logstore, so each logstore has its own stream whatever the declaration order. */
		private static long fingerprint(LogstoreKey key) {
			long hash = 0;
			for (char c : (key.project() + '\u0000' + key.logstore()).toCharArray()) {
				hash = StoredLogstore.mix(hash ^ c) + c;
			}
			return hash;
		}

		private static long nanos(Instant instant) {
			try {
				return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), StoredLogstore.NANOS_PER_SECOND),
						instant.getNano());
			}
			catch (ArithmeticException ex) {
				throw new IllegalArgumentException("instant out of the supported range (years 1678-2262): " + instant);
			}
		}

		private static void requireCount(int count) {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative");
			}
		}

	}

	/** What the builder was told about one logstore; mutable only until {@link Builder#build()}. */
	private static final class Plan {

		private final List<Segment> segments = new ArrayList<>();

		private final List<Integer> copies = new ArrayList<>();

		private boolean indexed = true;

	}

	/** Logs to draw at distinct random instants in {@code [fromNanos, toNanos)}. */
	private record Segment(long fromNanos, long toNanos, int count, int visibleAfterServed) {
	}

}
