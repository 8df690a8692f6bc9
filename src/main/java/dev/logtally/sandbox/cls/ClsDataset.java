package dev.logtally.sandbox.cls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import dev.logtally.sandbox.HostileText;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic synthetic CLS topics: the same seed and builder calls always give the same logs, field for field, so
 * an export can be compared with {@link #logs(String)} exactly.
 *
 * <p>Each topic draws from its own random stream, derived from the seed and the topic id, so adding a topic never
 * changes another. Times are whole milliseconds drawn at random, so neighbouring logs may share a millisecond; beyond
 * that the dataset models what makes a real CLS export hard: thousands of logs in one millisecond ({@link
 * Builder#burst}), logs stored twice, identical ({@link Builder#identical}), logs that arrive after their window was
 * read ({@link Builder#late}), hostile field values and keys ({@link Builder#hostile}), and logs whose
 * {@code PkgId} and {@code PkgLogId} are empty (one in eight), which only their content tells apart.
 *
 * <p>A topic may also hold SCF functions' logs ({@link Builder#function}), as SCF delivers them to CLS: several
 * functions on one topic, each line with SCF's {@code SCF_*} fields, so a reader must select its function's.
 *
 * <p>Invariant: two logs of a topic are equal only if one is an identical copy of the other; every log carries a
 * {@code request_id} of its own (an SCF line: its invocation's {@code SCF_RequestId} and a message no other line of
 * the invocation has), so logs that share a millisecond and have no package ids still differ in content.
 */
public final class ClsDataset {

	private final long seed;

	private final Map<String, StoredTopic> topics;

	private ClsDataset(long seed, Map<String, StoredTopic> topics) {
		this.seed = seed;
		this.topics = topics;
	}

	public static Builder builder(long seed) {
		return new Builder(seed);
	}

	public long seed() {
		return this.seed;
	}

	public boolean hasTopic(String topicId) {
		return this.topics.containsKey(topicId);
	}

	/**
	 * How many logs the topic holds, identical copies and late logs included.
	 * @throws IllegalArgumentException if the dataset has no such topic
	 */
	public int size(String topicId) {
		return require(topicId).size();
	}

	/**
	 * Every log the topic holds, in time order (ties in the order they were generated): identical copies appear as
	 * often as they are stored, each right after its original; late logs are included.
	 * @throws IllegalArgumentException if the dataset has no such topic
	 */
	public List<ClsLog> logs(String topicId) {
		return require(topicId).logs();
	}

	/** The logs of the topic in {@code [from, to)}, as {@link #logs(String)} orders them. */
	public List<ClsLog> logs(String topicId, Instant from, Instant to) {
		return logs(topicId).stream()
			.filter((log) -> log.time() >= from.toEpochMilli() && log.time() < to.toEpochMilli())
			.toList();
	}

	/** The stored form the emulator queries, or {@code null}. */
	StoredTopic topic(String topicId) {
		return this.topics.get(topicId);
	}

	/**
	 * Logs the emulator adds to a topic while it is read ({@link ClsFaults#addLogs}): drawn like the topic's own, from a
	 * stream of their own, with package ids that no other log of the topic has.
	 */
	List<ClsLog> added(String topicId, Instant from, Instant to, int count, int ordinal) {
		StoredTopic topic = require(topicId);
		SplittableRandom random = new SplittableRandom(Builder.mix(this.seed ^ Builder.fingerprint(topicId)) + ordinal);
		Builder.Generator generator = new Builder.Generator(topicId, topic.name(), random, topic.hostile(),
				"add" + ordinal + "-");
		List<ClsLog> logs = new ArrayList<>(count);
		generator.segment(from.toEpochMilli(), to.toEpochMilli(), count, false, logs);
		logs.sort(Comparator.comparingLong(ClsLog::time));
		return logs;
	}

	private StoredTopic require(String topicId) {
		StoredTopic topic = topic(topicId);
		if (topic == null) {
			throw new IllegalArgumentException("no topic " + topicId + " in this dataset");
		}
		return topic;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("ClsDataset[seed=").append(this.seed);
		this.topics.forEach((id, topic) -> text.append(", ").append(id).append('=').append(topic.size()));
		return text.append(']').toString();
	}

	/**
	 * Collects what the dataset should hold; {@link #build()} generates it. Calls for the same topic add up; random
	 * draws follow call order, except that identical copies are picked after all of the topic's logs exist.
	 */
	public static final class Builder {

		private final long seed;

		private final Map<String, Plan> plans = new LinkedHashMap<>();

		private boolean hostile = true;

		private Builder(long seed) {
			this.seed = seed;
		}

		/** {@code count} logs at seeded random milliseconds in {@code [from, to)}; some may share a millisecond. */
		public Builder topic(String topicId, Instant from, Instant to, int count) {
			requireCount(count);
			long low = from.toEpochMilli();
			long high = to.toEpochMilli();
			if (count > 0 && low >= high) {
				throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
			}
			plan(topicId).segments.add(new Segment(low, high, count, 0, false, null));
			return this;
		}

		/**
		 * {@code invocations} invocations of an SCF function that delivers its logs to the topic, starting at seeded
		 * random milliseconds in {@code [from, to)}: each gives its platform lines {@code START}, {@code END} and
		 * {@code Report} around up to three lines the function printed, all with SCF's 14 {@code SCF_*} fields
		 * (a sixth of printed lines in SCF's simplified format, which drops five of them), a fifth of invocations of
		 * version {@code 2}, the others of {@code $LATEST}. Several functions may share a topic.
		 */
		public Builder function(String topicId, String namespace, String function, Instant from, Instant to,
				int invocations) {
			requireCount(invocations);
			long low = from.toEpochMilli();
			long high = to.toEpochMilli();
			if (invocations > 0 && low >= high) {
				throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
			}
			plan(topicId).segments.add(new Segment(low, high, invocations, 0, false, new Function(namespace,
					function)));
			return this;
		}

		/** {@code count} logs all in the one millisecond that holds {@code at}. */
		public Builder burst(String topicId, Instant at, int count) {
			requireCount(count);
			long ms = at.toEpochMilli();
			plan(topicId).segments.add(new Segment(ms, ms + 1, count, 0, true, null));
			return this;
		}

		/**
		 * {@code count} extra exact copies of the topic's logs (same time, package ids and fields), each of a different
		 * log chosen by the seed: the same log delivered and stored twice. Separate calls may pick the same log again.
		 */
		public Builder identical(String topicId, int count) {
			requireCount(count);
			plan(topicId).copies.add(count);
			return this;
		}

		/**
		 * {@code count} logs in {@code [from, to)} that the topic returns only once the emulator has served
		 * {@code visibleAfterServed} successful answers: logs indexed late into a window a client may have read.
		 */
		public Builder late(String topicId, Instant from, Instant to, int count, int visibleAfterServed) {
			requireCount(count);
			if (visibleAfterServed < 0) {
				throw new IllegalArgumentException("visibleAfterServed must not be negative");
			}
			long low = from.toEpochMilli();
			long high = to.toEpochMilli();
			if (count > 0 && low >= high) {
				throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
			}
			plan(topicId).segments.add(new Segment(low, high, count, visibleAfterServed, false, null));
			return this;
		}

		/** The {@code TopicName} the topic's logs carry; by default {@code logtally-} and the id's first 8 characters. */
		public Builder topicName(String topicId, String name) {
			plan(topicId).name = name;
			return this;
		}

		/**
		 * Whether a share of logs carries hostile values (delimiters, quotes, CR, LF, CRLF, formula prefixes, emoji,
		 * Chinese, tabs, backslashes, U+2028) and unusual keys (a space, Chinese, a comma, a quote). On by default.
		 */
		public Builder hostile(boolean enabled) {
			this.hostile = enabled;
			return this;
		}

		public ClsDataset build() {
			Map<String, StoredTopic> topics = new LinkedHashMap<>();
			this.plans.forEach((topicId, plan) -> topics.put(topicId, generate(topicId, plan)));
			return new ClsDataset(this.seed, Collections.unmodifiableMap(topics));
		}

		private Plan plan(String topicId) {
			if (topicId == null || topicId.isBlank()) {
				throw new IllegalArgumentException("topicId must not be blank");
			}
			return this.plans.computeIfAbsent(topicId, (id) -> new Plan(defaultName(id)));
		}

		private StoredTopic generate(String topicId, Plan plan) {
			SplittableRandom random = new SplittableRandom(mix(this.seed ^ fingerprint(topicId)));
			Generator generator = new Generator(topicId, plan.name, random, this.hostile, "");
			List<ClsLog> logs = new ArrayList<>();
			List<Integer> visibleAfter = new ArrayList<>();
			for (Segment segment : plan.segments) {
				int before = logs.size();
				if (segment.function() != null) {
					generator.invocations(segment.function(), segment.from(), segment.to(), segment.count(), logs);
				}
				else {
					generator.segment(segment.from(), segment.to(), segment.count(), segment.burst(), logs);
				}
				for (int i = before; i < logs.size(); i++) {
					visibleAfter.add(segment.visibleAfterServed());
				}
			}
			int primary = logs.size();
			List<Integer> origin = new ArrayList<>(primary);
			for (int i = 0; i < primary; i++) {
				origin.add(i);
			}
			for (int copies : plan.copies) {
				if (copies > primary) {
					throw new IllegalArgumentException(
							"cannot copy " + copies + " of the " + primary + " logs of topic " + topicId);
				}
				for (int picked : distinctSample(random, primary, copies)) {
					logs.add(logs.get(picked));
					visibleAfter.add(visibleAfter.get(picked));
					origin.add(picked);
				}
			}
			Integer[] order = new Integer[logs.size()];
			Arrays.setAll(order, (i) -> i);
			// stable: ties keep generation order, and a copy comes right after its original
			Arrays.sort(order, Comparator.comparingLong((Integer i) -> logs.get(i).time()).thenComparing(origin::get));
			ClsLog[] sorted = new ClsLog[order.length];
			int[] visible = new int[order.length];
			for (int i = 0; i < order.length; i++) {
				sorted[i] = logs.get(order[i]);
				visible[i] = visibleAfter.get(order[i]);
			}
			return new StoredTopic(topicId, plan.name, this.hostile, sorted, visible);
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

		private static String defaultName(String topicId) {
			return "logtally-" + topicId.substring(0, Math.min(8, topicId.length()));
		}

		static long fingerprint(String topicId) {
			long hash = 0;
			for (char c : topicId.toCharArray()) {
				hash = mix(hash ^ c) + c;
			}
			return hash;
		}

		/** Stafford's variant 13 of the MurmurHash3 finaliser. */
		static long mix(long value) {
			long z = value;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

		private static void requireCount(int count) {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative");
			}
		}

		/** Draws the logs of one topic: times, packages and fields, from the topic's stream. */
		static final class Generator {

			private static final List<String> SOURCES = List.of("10.0.1.15", "10.0.1.16", "10.0.2.31",
					"192.168.10.5");

			private static final List<String> HOSTS = List.of("web-1", "web-2", "worker-7", "cron-0");

			private static final List<String> FILES = List.of("/var/log/app/app.log", "/var/log/app/access.log",
					"/data/logs/worker.log", "C:\\logs\\测试 \"app\",1.log");

			private static final List<String> PATHS = List.of("/api/orders", "/api/users", "/api/payments",
					"/healthz");

			private static final List<String> STATUSES = List.of("200", "200", "200", "201", "204", "301", "400",
					"404", "500", "503");

			/** Keys a topic's index accepts that a naive exporter may not: a space, Chinese, a comma, a quote. */
			private static final List<String> HOSTILE_KEYS = List.of("user agent", "用户名", "city,country",
					"say \"hi\"");

			private final String topicId;

			private final String topicName;

			private final SplittableRandom random;

			private final boolean hostile;

			private final String requestPrefix;

			private final long packageSalt;

			private int packages;

			private int logsInPackage;

			private int packageSize;

			private int requests;

			Generator(String topicId, String topicName, SplittableRandom random, boolean hostile, String requestPrefix) {
				this.topicId = topicId;
				this.topicName = topicName;
				this.random = random;
				this.hostile = hostile;
				this.requestPrefix = requestPrefix;
				this.packageSalt = random.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL;
			}

			void segment(long from, long to, int count, boolean burst, List<ClsLog> into) {
				long[] times = new long[count];
				for (int i = 0; i < count; i++) {
					times[i] = burst ? from : this.random.nextLong(from, to);
				}
				Arrays.sort(times);
				for (long time : times) {
					into.add(next(time));
				}
			}

			/** The lines of {@code count} invocations of {@code function} starting in {@code [from, to)}. */
			void invocations(Function function, long from, long to, int count, List<ClsLog> into) {
				long[] starts = new long[count];
				for (int i = 0; i < count; i++) {
					starts[i] = this.random.nextLong(from, to);
				}
				Arrays.sort(starts);
				for (long start : starts) {
					Invocation invocation = new Invocation(function, start, "%08x-%04x-4%03x-%04x-%012x".formatted(
							this.random.nextInt(), this.random.nextInt(1 << 16), this.random.nextInt(1 << 12),
							this.random.nextInt(1 << 16), this.random.nextLong(1L << 48)),
							this.random.nextInt(5) == 0 ? "2" : "$LATEST", this.random.nextInt(10) == 0);
					long time = start;
					into.add(scfLine(invocation, time, "START RequestId:" + invocation.requestId(), "Platform", false));
					int printed = this.random.nextInt(4);
					for (int i = 0; i < printed; i++) {
						time = Math.min(to - 1, time + this.random.nextInt(50));
						boolean hostileMessage = this.hostile && this.random.nextInt(4) == 0;
						// numbered, so that two printed lines of one millisecond never have the same content
						String message = (hostileMessage ? HostileText.at(this.random.nextInt(1 << 16))
								: "handled " + PATHS.get(this.random.nextInt(PATHS.size()))) + " #" + (this.requests++);
						into.add(scfLine(invocation, time, message, "Custom", this.random.nextInt(6) == 0));
					}
					time = Math.min(to - 1, time + this.random.nextInt(1, 200));
					into.add(scfLine(invocation, time, "END RequestId:" + invocation.requestId(), "Platform", false));
					into.add(scfLine(invocation, time, "Report RequestId:" + invocation.requestId() + " Duration:"
							+ (time - start) + "ms Memory:128MB MemUsage:" + (20 + this.random.nextInt(80)) + ".5MB",
							"Platform", false));
				}
			}

			/** What the lines of one invocation share. */
			private record Invocation(Function function, long start, String requestId, String qualifier,
					boolean failed) {
			}

			/** One line SCF delivered: its fields, full or in the simplified format, in a package like any log. */
			private ClsLog scfLine(Invocation invocation, long time, String message, String type, boolean simplified) {
				SortedMap<String, String> fields = new TreeMap<>();
				fields.put("SCF_FunctionName", invocation.function().name());
				fields.put("SCF_Namespace", invocation.function().namespace());
				fields.put("SCF_LogTime", Long.toString(time));
				fields.put("SCF_RequestId", invocation.requestId());
				fields.put("SCF_Alias", "");
				fields.put("SCF_Qualifier", invocation.qualifier());
				fields.put("SCF_Message", message);
				fields.put("SCF_Type", type);
				fields.put("SCF_RetryNum", "0");
				if (!simplified) {
					fields.put("SCF_StartTime", Long.toString(invocation.start()));
					fields.put("SCF_Duration", Long.toString(time - invocation.start()));
					fields.put("SCF_MemUsage", Integer.toString(this.random.nextInt(1 << 20, 1 << 27)));
					fields.put("SCF_Level", invocation.failed() && "Custom".equals(type) ? "ERROR" : "INFO");
					fields.put("SCF_StatusCode", invocation.failed() ? "500" : "200");
				}
				return packaged(time, fields);
			}

			private ClsLog packaged(long time, SortedMap<String, String> fields) {
				if (this.logsInPackage == this.packageSize) {
					this.packages++;
					this.logsInPackage = 0;
					this.packageSize = 1 + this.random.nextInt(64);
				}
				String pkgId = "%016X-%X".formatted(this.packageSalt, this.packages);
				String pkgLogId = Integer.toString(65_536 + this.logsInPackage);
				this.logsInPackage++;
				boolean noIds = this.random.nextInt(8) == 0;
				return new ClsLog(time, this.topicId, this.topicName, SOURCES.get(this.random.nextInt(SOURCES.size())),
						"", HOSTS.get(this.random.nextInt(HOSTS.size())), noIds ? "" : pkgId, noIds ? "" : pkgLogId,
						fields);
			}

			private ClsLog next(long time) {
				if (this.logsInPackage == this.packageSize) {
					this.packages++;
					this.logsInPackage = 0;
					this.packageSize = 1 + this.random.nextInt(64);
				}
				String pkgId = "%016X-%X".formatted(this.packageSalt, this.packages);
				String pkgLogId = Integer.toString(65_536 + this.logsInPackage);
				this.logsInPackage++;
				boolean noIds = this.random.nextInt(8) == 0;
				SortedMap<String, String> fields = new TreeMap<>();
				int levelRoll = this.random.nextInt(100);
				String level = levelRoll < 70 ? "INFO" : levelRoll < 85 ? "WARN" : levelRoll < 95 ? "ERROR" : "DEBUG";
				fields.put("level", level);
				fields.put("request_id", this.requestPrefix + "req-" + Long.toHexString(this.packageSalt) + "-"
						+ (this.requests++));
				boolean hostileMessage = this.hostile && this.random.nextInt(4) == 0;
				String path = PATHS.get(this.random.nextInt(PATHS.size()));
				fields.put("content", hostileMessage ? HostileText.at(this.random.nextInt(1 << 16))
						: level.toLowerCase(java.util.Locale.ROOT) + " " + path + "/" + this.random.nextInt(1, 100_000));
				if (this.random.nextInt(10) < 6) {
					fields.put("status", STATUSES.get(this.random.nextInt(STATUSES.size())));
				}
				if (this.random.nextBoolean()) {
					fields.put("latency_ms", Integer.toString(this.random.nextInt(1, 5_000)));
				}
				if (this.hostile && this.random.nextInt(20) == 0) {
					fields.put(HOSTILE_KEYS.get(this.random.nextInt(HOSTILE_KEYS.size())),
							HostileText.at(this.random.nextInt(1 << 16)));
				}
				return new ClsLog(time, this.topicId, this.topicName, SOURCES.get(this.random.nextInt(SOURCES.size())),
						FILES.get(this.random.nextInt(FILES.size())), HOSTS.get(this.random.nextInt(HOSTS.size())),
						noIds ? "" : pkgId, noIds ? "" : pkgLogId, fields);
			}

		}

	}

	/** What the builder was told about one topic; mutable only until {@link Builder#build()}. */
	private static final class Plan {

		private final List<Segment> segments = new ArrayList<>();

		private final List<Integer> copies = new ArrayList<>();

		private String name;

		private Plan(String name) {
			this.name = name;
		}

	}

	/**
	 * Logs to draw at random milliseconds in {@code [from, to)}; a burst puts them all on {@code from}; a function's
	 * segment draws {@code count} invocations instead.
	 */
	private record Segment(long from, long to, int count, int visibleAfterServed, boolean burst,
			@Nullable Function function) {
	}

	/** An SCF function whose logs a topic holds. */
	private record Function(String namespace, String name) {
	}

}
