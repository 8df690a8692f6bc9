package dev.logtally.sandbox.scf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import dev.logtally.sandbox.HostileText;

/**
 * Deterministic synthetic SCF function logs: the same seed and builder calls always give the same logs, field for
 * field, so an export can be compared with {@link #logs(String, String)} exactly.
 *
 * <p>Each function draws from its own random stream, derived from the seed and the function's namespace and name, so
 * adding a function never changes the logs of another. Within a function, logs are ordered by start time and then by
 * a stable sequence (the order in which the builder produced them); that order is what {@link #logs(String, String)}
 * returns and what the emulator pages through.
 *
 * <p>Besides plain logs the dataset can model what makes a real export hard: many invocations in one second
 * ({@link Builder#burst}), logs that arrive after their window was already read ({@link Builder#late}), a source that
 * returns some logs twice ({@link Builder#duplicate}), hostile text ({@link Builder#hostile}) and megabyte-sized
 * {@code Log} fields ({@link Builder#largeFields}).
 */
public final class ScfDataset {

	/** The qualifier of every function unless {@link Builder#qualifier} says otherwise. */
	public static final String DEFAULT_QUALIFIER = "$LATEST";

	private final long seed;

	private final Map<FunctionKey, FunctionLogs> functions;

	private ScfDataset(long seed, Map<FunctionKey, FunctionLogs> functions) {
		this.seed = seed;
		this.functions = functions;
	}

	public static Builder builder(long seed) {
		return new Builder(seed);
	}

	public long seed() {
		return this.seed;
	}

	public boolean hasFunction(String namespace, String name) {
		return this.functions.containsKey(new FunctionKey(namespace, name));
	}

	/**
	 * Every log the source holds for a function, in (start time, sequence) order: late logs included, duplicated logs
	 * listed once, large {@code Log} fields materialised.
	 * @throws IllegalArgumentException if the dataset has no such function
	 */
	public List<ScfLogEntry> logs(String namespace, String name) {
		FunctionLogs function = function(namespace, name);
		if (function == null) {
			throw new IllegalArgumentException("no function " + namespace + "/" + name + " in this dataset");
		}
		List<ScfLogEntry> entries = new ArrayList<>(function.size());
		for (int i = 0; i < function.size(); i++) {
			entries.add(function.get(i).entry());
		}
		return Collections.unmodifiableList(entries);
	}

	/** The stored form the emulator queries, or {@code null}. */
	public FunctionLogs function(String namespace, String name) {
		return this.functions.get(new FunctionKey(namespace, name));
	}

	record FunctionKey(String namespace, String name) {

		FunctionKey {
			if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
				throw new IllegalArgumentException("namespace and function name must not be blank");
			}
		}

	}

	/**
	 * One log as stored: the entry without its large {@code Log} (built on demand), its stable sequence within the
	 * function, and when the source starts returning it.
	 * @param template the entry; its {@code Log} is a placeholder when {@code largeLogBytes > 0}
	 * @param sequence position in (start time, generation order), unique within the function
	 * @param visibleAfterServed the source returns this log only once the emulator has served this many answers
	 * @param duplicated the source returns this log twice
	 * @param largeLogBytes the UTF-8 size of a generated {@code Log}, or 0
	 * @param durationMillis {@code Duration} as a number, for sorting by duration
	 * @param largeText where large logs come from, {@code null} if the dataset has none
	 */
	public record StoredLog(ScfLogEntry template, int sequence, int visibleAfterServed, boolean duplicated, int largeLogBytes,
			double durationMillis, LargeLogText largeText) {

		public ScfLogEntry entry() {
			if (this.largeLogBytes == 0) {
				return this.template;
			}
			return this.template.withLog(
					this.largeText.of(this.template.requestId(), this.sequence, this.largeLogBytes));
		}

		long startSecond() {
			return this.template.startTime().getEpochSecond();
		}

	}

	/** A function's logs in (start time, sequence) order, with the start seconds alongside for binary search. */
	public static final class FunctionLogs {

		private final StoredLog[] logs;

		private final long[] seconds;

		FunctionLogs(StoredLog[] logs) {
			this.logs = logs;
			this.seconds = new long[logs.length];
			for (int i = 0; i < logs.length; i++) {
				this.seconds[i] = logs[i].startSecond();
			}
		}

		public int size() {
			return this.logs.length;
		}

		public StoredLog get(int index) {
			return this.logs[index];
		}

		/** The index of the first log starting at or after {@code second}. */
		int firstAtOrAfter(long second) {
			int low = 0;
			int high = this.seconds.length;
			while (low < high) {
				int mid = (low + high) >>> 1;
				if (this.seconds[mid] < second) {
					low = mid + 1;
				}
				else {
					high = mid;
				}
			}
			return low;
		}

	}

	/**
	 * Collects what the dataset should hold; {@link #build()} generates it. Calls for the same function add up, in
	 * call order, which is also the order the function's random stream is consumed in.
	 */
	public static final class Builder {

		private final long seed;

		private final Map<FunctionKey, Plan> plans = new LinkedHashMap<>();

		private boolean hostile = true;

		private int largeEvery;

		private int largeBytes;

		private Builder(long seed) {
			this.seed = seed;
		}

		/** {@code count} logs at seeded random whole seconds in {@code [from, to)}. */
		public Builder function(String namespace, String name, Instant from, Instant to, int count) {
			requireCount(count);
			long low = ceilSecond(from);
			long high = ceilSecond(to);
			if (count > 0 && low >= high) {
				throw new IllegalArgumentException("no whole second in [" + from + ", " + to + ")");
			}
			plan(namespace, name).segments.add(new Segment(low, high, count, 0));
			return this;
		}

		/** {@code count} invocations that all started in the same second. */
		public Builder burst(String namespace, String name, Instant second, int count) {
			requireCount(count);
			long at = second.getEpochSecond();
			plan(namespace, name).segments.add(new Segment(at, at + 1, count, 0));
			return this;
		}

		/**
		 * {@code count} logs starting in the second of {@code at} that the source only returns once the emulator has
		 * served {@code visibleAfterRequests} successful answers: records that arrive late into a window a client may
		 * already have read.
		 */
		public Builder late(String namespace, String name, Instant at, int count, int visibleAfterRequests) {
			requireCount(count);
			if (visibleAfterRequests < 0) {
				throw new IllegalArgumentException("visibleAfterRequests must not be negative");
			}
			long second = at.getEpochSecond();
			plan(namespace, name).segments.add(new Segment(second, second + 1, count, visibleAfterRequests));
			return this;
		}

		/** The source returns {@code count} of the function's logs (chosen by the seed) twice, as a flaky API might. */
		public Builder duplicate(String namespace, String name, int count) {
			requireCount(count);
			plan(namespace, name).duplicates += count;
			return this;
		}

		/** The function's qualifier (version), {@link ScfDataset#DEFAULT_QUALIFIER} unless set. */
		public Builder qualifier(String namespace, String name, String qualifier) {
			if (qualifier == null || qualifier.isBlank()) {
				throw new IllegalArgumentException("qualifier must not be blank");
			}
			plan(namespace, name).qualifier = qualifier;
			return this;
		}

		/**
		 * Whether a deterministic share of logs (one in three) carries hostile {@code Log} and {@code RetMsg} text:
		 * delimiters, quotes, CR/LF, formula prefixes, emoji, Chinese, tabs, backslashes. On by default.
		 */
		public Builder hostile(boolean enabled) {
			this.hostile = enabled;
			return this;
		}

		/** Every {@code every}-th log of each function (in its sorted order) gets a {@code Log} of exactly {@code bytes} UTF-8 bytes. */
		public Builder largeFields(int every, int bytes) {
			if (every < 1 || bytes < 1) {
				throw new IllegalArgumentException("every and bytes must be positive");
			}
			this.largeEvery = every;
			this.largeBytes = bytes;
			return this;
		}

		public ScfDataset build() {
			LargeLogText largeText = this.largeEvery > 0 ? new LargeLogText(this.seed) : null;
			Map<FunctionKey, FunctionLogs> functions = new LinkedHashMap<>();
			this.plans.forEach((key, plan) -> functions.put(key, generate(key, plan, largeText)));
			return new ScfDataset(this.seed, Collections.unmodifiableMap(functions));
		}

		private Plan plan(String namespace, String name) {
			return this.plans.computeIfAbsent(new FunctionKey(namespace, name), (key) -> new Plan());
		}

		private FunctionLogs generate(FunctionKey key, Plan plan, LargeLogText largeText) {
			SplittableRandom random = new SplittableRandom(this.seed ^ fingerprint(key));
			int total = plan.segments.stream().mapToInt(Segment::count).sum();
			if (plan.duplicates > total) {
				throw new IllegalArgumentException("cannot duplicate " + plan.duplicates + " of the " + total
						+ " logs of " + key.namespace() + "/" + key.name());
			}
			ScfLogEntry[] drafts = new ScfLogEntry[total];
			int[] visibleAfter = new int[total];
			int generated = 0;
			for (Segment segment : plan.segments) {
				for (int i = 0; i < segment.count(); i++) {
					long second = segment.fromSecond() + random.nextLong(segment.toSecond() - segment.fromSecond());
					drafts[generated] = invocation(random, key, plan.qualifier, second, generated);
					visibleAfter[generated] = segment.visibleAfterServed();
					generated++;
				}
			}
			Integer[] order = new Integer[total];
			Arrays.setAll(order, (i) -> i);
			// Arrays.sort on objects is stable, so equal start times keep generation order: that is the sequence.
			Arrays.sort(order, (a, b) -> drafts[a].startTime().compareTo(drafts[b].startTime()));
			boolean[] duplicated = pickDuplicates(random, total, plan.duplicates);
			StoredLog[] stored = new StoredLog[total];
			for (int sequence = 0; sequence < total; sequence++) {
				ScfLogEntry draft = drafts[order[sequence]];
				boolean large = this.largeEvery > 0 && (sequence + 1) % this.largeEvery == 0;
				ScfLogEntry template = large ? draft.withLog("") : draft;
				stored[sequence] = new StoredLog(template, sequence, visibleAfter[order[sequence]],
						duplicated[sequence], large ? this.largeBytes : 0, Double.parseDouble(draft.duration()),
						large ? largeText : null);
			}
			return new FunctionLogs(stored);
		}

		private ScfLogEntry invocation(SplittableRandom random, FunctionKey key, String qualifier, long second,
				int generated) {
			String requestId = uuid(random).toString();
			int outcome = random.nextInt(100);
			long retCode = outcome < 85 ? 0 : outcome < 93 ? 1 : outcome < 97 ? 433 : 434;
			long micros = (retCode == 433) ? 3_000_000 + random.nextLong(50_000) : random.nextLong(1_000, 2_000_000);
			String duration = millisText(micros);
			long billDuration = Math.max(100, (micros + 99_999) / 100_000 * 100);
			long memUsage = (retCode == 434) ? 134_217_728L + random.nextLong(1 << 20)
					: random.nextLong(4L << 20, 120L << 20);
			int retry = random.nextInt(100);
			long retryNum = retry < 95 ? 0 : retry < 99 ? 1 : 2;
			String retMsg;
			String log;
			if (this.hostile && generated % 3 == 1) {
				long hostileIndex = generated / 3;
				log = HostileText.at(hostileIndex);
				retMsg = HostileText.at(hostileIndex + 1);
			}
			else {
				retMsg = plainRetMsg(retCode);
				log = "START RequestId: " + requestId + " Version: " + qualifier + " END RequestId: " + requestId
						+ " Report RequestId: " + requestId + " Duration: " + duration + " ms Billed Duration: "
						+ billDuration + " ms Max Memory Used: " + (memUsage >> 20) + " MB";
			}
			return new ScfLogEntry(key.name(), retMsg, requestId, Instant.ofEpochSecond(second), retCode, 1, duration,
					billDuration, memUsage, log, "", "", retryNum, key.namespace(), qualifier);
		}

		private static boolean[] pickDuplicates(SplittableRandom random, int total, int count) {
			boolean[] picked = new boolean[total];
			int[] indexes = new int[total];
			Arrays.setAll(indexes, (i) -> i);
			// a partial Fisher-Yates shuffle: the first count slots end up a uniform sample without repeats
			for (int i = 0; i < count; i++) {
				int swap = i + random.nextInt(total - i);
				int chosen = indexes[swap];
				indexes[swap] = indexes[i];
				indexes[i] = chosen;
				picked[chosen] = true;
			}
			return picked;
		}

		private static String plainRetMsg(long retCode) {
			if (retCode == 0) {
				return "ok";
			}
			if (retCode == 1) {
				return "UserCodeException: handler raised ValueError";
			}
			if (retCode == 433) {
				return "Invoking task timed out after 3 seconds";
			}
			return "Memory limit exceeded: 128 MB";
		}

		/** Microseconds as milliseconds with three decimals, the way the API prints durations. */
		private static String millisText(long micros) {
			long fraction = micros % 1000;
			return (micros / 1000) + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
		}

		private static UUID uuid(SplittableRandom random) {
			long most = (random.nextLong() & ~0xF000L) | 0x4000L;
			long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
			return new UUID(most, least);
		}

		/** FNV-1a over namespace and name, so each function has its own stream independent of declaration order. */
		private static long fingerprint(FunctionKey key) {
			long hash = 0xcbf29ce484222325L;
			String text = key.namespace() + '\u0000' + key.name();
			for (int i = 0; i < text.length(); i++) {
				hash ^= text.charAt(i);
				hash *= 0x100000001b3L;
			}
			return hash;
		}

		private static long ceilSecond(Instant instant) {
			return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
		}

		private static void requireCount(int count) {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative");
			}
		}

	}

	/** What the builder was told about one function; mutable only until {@link Builder#build()}. */
	private static final class Plan {

		private final List<Segment> segments = new ArrayList<>();

		private int duplicates;

		private String qualifier = DEFAULT_QUALIFIER;

	}

	/** Logs to draw at random whole seconds in {@code [fromSecond, toSecond)}. */
	private record Segment(long fromSecond, long toSecond, int count, int visibleAfterServed) {
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("ScfDataset[seed=").append(this.seed);
		this.functions.forEach((key, logs) -> text.append(", ")
			.append(key.namespace())
			.append('/')
			.append(key.name())
			.append('=')
			.append(logs.size()));
		return text.append(']').toString();
	}

}
