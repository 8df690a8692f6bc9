package dev.logtally.sandbox.rds;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic synthetic RDS audit-log files: the same seed and builder calls always give the same files (ids,
 * names, sizes, times) and the same bytes in them, so an export can be compared with {@link #files} and
 * {@link #sha256} exactly.
 *
 * <p>Each instance draws from its own random stream, derived from the seed, the project and the instance id, so adding
 * an instance never changes another. An instance's range is cut into equal slots, one file in each, so files follow
 * one another as rotated audit logs do; a file covers 30 minutes to 6 hours (less when the slots are shorter). Where
 * the range allows, one file straddles a midnight of {@link Builder#timeZone the instance's time zone} and another a
 * UTC midnight, so a client that cuts windows on either day boundary sees the same file in two windows.
 *
 * <p>File content is never stored: it is generated when asked for, from the seed and the file id, through a buffer
 * of {@link AuditFileContent#BUFFER_BYTES} (see {@link #write}).
 */
public final class RdsDataset {

	/** The normal length range of a file; {@link Builder#largeFiles} goes beyond it. */
	static final long MIN_FILE_BYTES = 1024;

	static final long MAX_FILE_BYTES = 2 * 1024 * 1024;

	private static final Duration MIN_SPAN = Duration.ofMinutes(30);

	private static final Duration MAX_SPAN = Duration.ofHours(6);

	private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final long seed;

	private final ZoneOffset zone;

	private final Map<InstanceKey, List<AuditFile>> instances;

	private final Map<String, AuditFile> byId;

	private final Map<String, String> digests = new ConcurrentHashMap<>();

	/** Files listed only once the emulator has served this many answers, by id. */
	private final Map<String, Integer> late;

	private RdsDataset(long seed, ZoneOffset zone, Map<InstanceKey, List<AuditFile>> instances,
			Map<String, Integer> late) {
		this.seed = seed;
		this.zone = zone;
		this.instances = instances;
		this.late = Map.copyOf(late);
		Map<String, AuditFile> ids = new HashMap<>();
		instances.values().forEach((files) -> files.forEach((file) -> ids.put(file.id(), file)));
		this.byId = Collections.unmodifiableMap(ids);
	}

	public static Builder builder(long seed) {
		return new Builder(seed);
	}

	public long seed() {
		return this.seed;
	}

	/** The offset the API renders times in ({@code +0800} unless the builder said otherwise). */
	public ZoneOffset timeZone() {
		return this.zone;
	}

	public boolean hasInstance(String projectId, String instanceId) {
		return this.instances.containsKey(new InstanceKey(projectId, instanceId));
	}

	/**
	 * Every audit-log file of an instance, sorted by begin time, then id.
	 * @throws IllegalArgumentException if the dataset has no such instance
	 */
	public List<AuditFile> files(String projectId, String instanceId) {
		List<AuditFile> files = this.instances.get(new InstanceKey(projectId, instanceId));
		if (files == null) {
			throw new IllegalArgumentException("no instance " + projectId + "/" + instanceId + " in this dataset");
		}
		return files;
	}

	/**
	 * Whether the source lists the file once the emulator has served {@code served} answers: a file added with
	 * {@link Builder#late} is not listed before.
	 */
	public boolean listedAfter(AuditFile file, int served) {
		return served >= this.late.getOrDefault(file.id(), 0);
	}

	/** The file with this id in this instance, or {@code null}. */
	AuditFile file(String projectId, String instanceId, String fileId) {
		AuditFile file = this.byId.get(fileId);
		return (file != null && files(projectId, instanceId).contains(file)) ? file : null;
	}

	/**
	 * The exact length a download of the file delivers.
	 * @throws IllegalArgumentException for an unknown id
	 */
	public long bytes(String fileId) {
		return require(fileId).bytes();
	}

	/**
	 * Lower-case hex SHA-256 of the file's bytes, computed by streaming them once and then remembered.
	 * @throws IllegalArgumentException for an unknown id
	 */
	public String sha256(String fileId) {
		AuditFile file = require(fileId);
		return this.digests.computeIfAbsent(fileId, (id) -> {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				write(file, new DigestOutputStream(OutputStream.nullOutputStream(), digest), Long.MAX_VALUE);
				return HexFormat.of().formatHex(digest.digest());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("SHA-256 is not available", ex);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * Streams the first {@code limit} bytes of a file into {@code out} (all of it if {@code limit} is at least its
	 * length) through one {@link AuditFileContent#BUFFER_BYTES} buffer.
	 * @return how many bytes were written
	 */
	public long write(AuditFile file, OutputStream out, long limit) throws IOException {
		return AuditFileContent.write(contentSeed(file.id()), require(file.id()), out, limit);
	}

	private AuditFile require(String fileId) {
		AuditFile file = this.byId.get(Objects.requireNonNull(fileId, "fileId"));
		if (file == null) {
			throw new IllegalArgumentException("no audit file " + fileId + " in this dataset");
		}
		return file;
	}

	/** The content depends on the seed and the id only. */
	private long contentSeed(String fileId) {
		return mix(this.seed ^ fingerprint(fileId));
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("RdsDataset[seed=").append(this.seed);
		this.instances.forEach((key, files) -> text.append(", ")
			.append(key.projectId())
			.append('/')
			.append(key.instanceId())
			.append('=')
			.append(files.size()));
		return text.append(']').toString();
	}

	static long mix(long value) {
		long z = value;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	private static long fingerprint(String text) {
		long hash = 0;
		for (char c : text.toCharArray()) {
			hash = mix(hash ^ c) + c;
		}
		return hash;
	}

	record InstanceKey(String projectId, String instanceId) {

		InstanceKey {
			if (projectId == null || projectId.isBlank() || instanceId == null || instanceId.isBlank()) {
				throw new IllegalArgumentException("project and instance ids must not be blank");
			}
		}

	}

	/**
	 * Collects what the dataset should hold; {@link #build()} generates it. Each instance is declared once with
	 * {@link #instance}; {@link #largeFiles} and {@link #sizeMismatch} may come before or after it and add up.
	 */
	public static final class Builder {

		private final long seed;

		private final Map<InstanceKey, Plan> plans = new LinkedHashMap<>();

		private final List<Late> late = new ArrayList<>();

		private ZoneOffset zone = ZoneOffset.ofHours(8);

		private Builder(long seed) {
			this.seed = seed;
		}

		/**
		 * {@code files} audit-log files whose {@code [begin, end]} lie in {@code [from, to)}, at whole seconds.
		 * @throws IllegalArgumentException if the range cannot hold that many files of at least two seconds
		 */
		public Builder instance(String projectId, String instanceId, Instant from, Instant to, int files) {
			Plan plan = plan(projectId, instanceId);
			if (plan.range != null) {
				throw new IllegalArgumentException("instance " + projectId + "/" + instanceId + " declared twice");
			}
			if (files < 0) {
				throw new IllegalArgumentException("files must not be negative");
			}
			long first = from.getEpochSecond() + ((from.getNano() > 0) ? 1 : 0);
			// the last whole second before to
			long last = to.getEpochSecond() - ((to.getNano() > 0) ? 0 : 1);
			if (files > 0 && (last - first + 1) / files < 2) {
				throw new IllegalArgumentException("[" + from + ", " + to + ") cannot hold " + files + " files");
			}
			plan.range = new Range(first, last, files);
			return this;
		}

		/** Makes {@code count} of the instance's files, chosen by the seed, exactly {@code bytes} long. */
		public Builder largeFiles(String projectId, String instanceId, int count, long bytes) {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative");
			}
			if (bytes < MIN_FILE_BYTES) {
				throw new IllegalArgumentException("a file needs at least " + MIN_FILE_BYTES + " bytes");
			}
			plan(projectId, instanceId).large.add(new Large(count, bytes));
			return this;
		}

		/**
		 * {@code count} of the instance's other files, chosen by the seed, list a {@code size} that differs from the
		 * bytes their download delivers by more than 1 KB (sometimes more, sometimes less).
		 */
		public Builder sizeMismatch(String projectId, String instanceId, int count) {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative");
			}
			plan(projectId, instanceId).mismatched += count;
			return this;
		}

		/**
		 * The instance's files whose begin time lies in {@code [from, to)} are listed (and their links given) only once
		 * the emulator has served {@code visibleAfterServed} answers: files that appear in a window a client may be
		 * listing.
		 */
		public Builder late(String projectId, String instanceId, Instant from, Instant to, int visibleAfterServed) {
			if (visibleAfterServed < 0) {
				throw new IllegalArgumentException("visibleAfterServed must not be negative");
			}
			this.late.add(new Late(new InstanceKey(projectId, instanceId), from, to, visibleAfterServed));
			return this;
		}

		/** The offset times are rendered in and whose midnights some files straddle; {@code +08:00} by default. */
		public Builder timeZone(ZoneOffset zone) {
			this.zone = Objects.requireNonNull(zone, "zone");
			return this;
		}

		public RdsDataset build() {
			Map<InstanceKey, List<AuditFile>> instances = new LinkedHashMap<>();
			Set<String> ids = new HashSet<>();
			this.plans.forEach((key, plan) -> {
				if (plan.range == null) {
					throw new IllegalStateException(
							"instance " + key.projectId() + "/" + key.instanceId() + " has sizes but no files");
				}
				instances.put(key, generate(key, plan, ids));
			});
			Map<String, Integer> lateIds = new HashMap<>();
			for (Late late : this.late) {
				List<AuditFile> files = instances.get(late.instance());
				if (files == null) {
					throw new IllegalStateException("late files of " + late.instance() + ", which has no files");
				}
				files.stream()
					.filter((file) -> !file.begin().isBefore(late.from()) && file.begin().isBefore(late.to()))
					.forEach((file) -> lateIds.merge(file.id(), late.visibleAfterServed(), Math::max));
			}
			return new RdsDataset(this.seed, this.zone, Collections.unmodifiableMap(instances), lateIds);
		}

		private Plan plan(String projectId, String instanceId) {
			return this.plans.computeIfAbsent(new InstanceKey(projectId, instanceId), (key) -> new Plan());
		}

		private List<AuditFile> generate(InstanceKey key, Plan plan, Set<String> ids) {
			SplittableRandom random = new SplittableRandom(
					mix(this.seed ^ fingerprint(key.projectId() + '\u0000' + key.instanceId())));
			String node = "fa163e" + HexFormat.of().toHexDigits(random.nextInt(1 << 24)).substring(2);
			int count = plan.range.files();
			long[][] spans = spans(random, plan.range);
			long[] listed = new long[count];
			long[] served = new long[count];
			double logMin = Math.log(MIN_FILE_BYTES);
			double logMax = Math.log(MAX_FILE_BYTES);
			for (int i = 0; i < count; i++) {
				listed[i] = Math.round(Math.exp(logMin + random.nextDouble() * (logMax - logMin)));
				served[i] = listed[i];
			}
			List<Integer> order = shuffled(random, count);
			int next = 0;
			for (Large large : plan.large) {
				for (int i = 0; i < large.count(); i++, next++) {
					requireFiles(key, order, next, "large");
					listed[order.get(next)] = large.bytes();
					served[order.get(next)] = large.bytes();
				}
			}
			for (int i = 0; i < plan.mismatched; i++, next++) {
				requireFiles(key, order, next, "size-mismatched");
				int file = order.get(next);
				long shift = 1100 + random.nextLong(Math.max(2, Math.min(64 * 1024, listed[file] / 2) - 1100));
				boolean shorter = random.nextBoolean() && listed[file] - shift >= MIN_FILE_BYTES;
				served[file] = shorter ? listed[file] - shift : listed[file] + shift;
			}
			List<AuditFile> files = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				Instant begin = Instant.ofEpochSecond(spans[i][0]);
				String uuid;
				String id;
				do {
					long sinceGregorian = spans[i][0] * 10_000_000L + random.nextLong(10_000_000L) + UUID_EPOCH_OFFSET;
					String timeLow = hex(sinceGregorian & 0xFFFFFFFFL, 8);
					String timeMid = hex((sinceGregorian >>> 32) & 0xFFFF, 4);
					String timeHigh = hex(((sinceGregorian >>> 48) & 0x0FFF) | 0x1000, 4);
					String clockSequence = hex(0x8000 | random.nextInt(1 << 14), 4);
					uuid = timeLow + "-" + timeMid + "-" + timeHigh + "-" + clockSequence + "-" + node;
					id = node + "t" + timeHigh + timeMid + timeLow + clockSequence + "br01";
				}
				while (!ids.add(id));
				String name = key.instanceId() + "/Audit/" + (100_000 + random.nextInt(900_000)) + "_"
						+ NAME_TIME.format(begin) + "_" + key.instanceId() + "_Audit_" + uuid;
				files.add(new AuditFile(id, name, kilobytes(listed[i]), begin, Instant.ofEpochSecond(spans[i][1]),
						served[i]));
			}
			files.sort(Comparator.comparing(AuditFile::begin).thenComparing(AuditFile::id));
			return List.copyOf(files);
		}

		/**
		 * One {@code [begin, end]} per slot; slots start equal and give way where a midnight falls too near a border.
		 * The first midnight of the zone that can be straddled gets a file across it, and so does the first UTC
		 * midnight in another slot.
		 */
		private long[][] spans(SplittableRandom random, Range range) {
			int count = range.files();
			long[] bounds = new long[count + 1];
			long length = (count == 0) ? 0 : (range.last() - range.first() + 1) / count;
			for (int i = 0; i < count; i++) {
				bounds[i] = range.first() + i * length;
			}
			bounds[count] = range.last() + 1;
			Map<Integer, Long> straddled = new HashMap<>();
			for (ZoneOffset zone : List.of(this.zone, ZoneOffset.UTC)) {
				chooseMidnight(bounds, length, zone, straddled);
			}
			long[][] spans = new long[count][];
			for (int i = 0; i < count; i++) {
				long slotStart = bounds[i];
				long slotLast = bounds[i + 1] - 1;
				long maxSpan = Math.min(MAX_SPAN.toSeconds(), slotLast - slotStart);
				long minSpan = Math.min(MIN_SPAN.toSeconds(), maxSpan);
				long span = minSpan + random.nextLong(maxSpan - minSpan + 1);
				Long midnight = straddled.get(i);
				long begin;
				if (midnight != null) {
					span = Math.max(span, 2);
					// begin strictly before midnight, end strictly after, both inside the slot
					long low = Math.max(slotStart, midnight - span + 1);
					long high = Math.min(midnight - 1, slotLast - span);
					begin = low + random.nextLong(high - low + 1);
				}
				else {
					begin = slotStart + random.nextLong(slotLast - slotStart - span + 1);
				}
				spans[i] = new long[] { begin, begin + span };
			}
			return spans;
		}

		/**
		 * Finds the first midnight of {@code zone} inside the range whose slot is not yet taken, moving a slot border
		 * that lies within a quarter slot of it half a slot away (so neither neighbour drops below half a slot), and
		 * records it in {@code straddled}. Leaves everything as it is if no midnight qualifies.
		 */
		private static void chooseMidnight(long[] bounds, long length, ZoneOffset zone, Map<Integer, Long> straddled) {
			int count = bounds.length - 1;
			if (count == 0 || length < 8) {
				return;
			}
			long first = bounds[0];
			long end = bounds[count];
			long midnight = LocalDate.ofEpochDay(Math.floorDiv(first + zone.getTotalSeconds(), 86_400L))
				.plusDays(1)
				.atStartOfDay()
				.toEpochSecond(zone);
			for (; midnight < end; midnight += 86_400L) {
				int slot = slotOf(bounds, midnight);
				if (straddled.containsKey(slot)) {
					continue;
				}
				long[] moved = bounds.clone();
				if (midnight - moved[slot] < length / 4 && slot > 0 && !straddled.containsKey(slot - 1)) {
					moved[slot] = midnight - length / 2;
				}
				if (moved[slot + 1] - midnight < length / 4 && slot + 1 < count && !straddled.containsKey(slot + 1)) {
					moved[slot + 1] = midnight + length / 2;
				}
				if (midnight - moved[slot] >= 2 && moved[slot + 1] - 1 - midnight >= 2) {
					System.arraycopy(moved, 0, bounds, 0, bounds.length);
					straddled.put(slot, midnight);
					return;
				}
			}
		}

		/** The slot {@code i} with {@code bounds[i] <= second < bounds[i + 1]}. */
		private static int slotOf(long[] bounds, long second) {
			int slot = 0;
			while (slot + 1 < bounds.length - 1 && bounds[slot + 1] <= second) {
				slot++;
			}
			return slot;
		}

		private static List<Integer> shuffled(SplittableRandom random, int count) {
			List<Integer> order = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				order.add(i);
			}
			for (int i = count - 1; i > 0; i--) {
				Collections.swap(order, i, random.nextInt(i + 1));
			}
			return order;
		}

		private static void requireFiles(InstanceKey key, List<Integer> order, int next, String what) {
			if (next >= order.size()) {
				throw new IllegalArgumentException("instance " + key.projectId() + "/" + key.instanceId() + " has only "
						+ order.size() + " files, too few for the " + what + " files asked for");
			}
		}

		private static double kilobytes(long bytes) {
			return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024), 6, RoundingMode.HALF_UP).doubleValue();
		}

		private static String hex(long value, int digits) {
			return HexFormat.of().toHexDigits(value).substring(16 - digits);
		}

	}

	/** What the builder was told about one instance; mutable only until {@link Builder#build()}. */
	private static final class Plan {

		private Range range;

		private final List<Large> large = new ArrayList<>();

		private int mismatched;

	}

	private record Late(InstanceKey instance, Instant from, Instant to, int visibleAfterServed) {
	}

	/** Whole epoch seconds {@code first..last}, both inclusive, to hold {@code files} files. */
	private record Range(long first, long last, int files) {
	}

	private record Large(int count, long bytes) {
	}

}
