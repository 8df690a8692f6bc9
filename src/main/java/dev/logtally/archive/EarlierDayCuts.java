package dev.logtally.archive;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;

/**
 * Finds a day that an earlier version cut otherwise than this one does, so that exporting it again would archive its
 * logs twice under other names.
 *
 * <p>Before windows followed calendar days, a one-day window on a 25-hour day (clocks turned back) ended 24 hours
 * after midnight, and a 1-hour window took the rest. This version cuts such a day into one window, or two equal
 * halves where the API answers at most 24 hours. A run that covers a day the archive holds in the earlier cut is
 * refused: its old windows keep verifying, and every other day runs as usual.
 */
public final class EarlierDayCuts {

	private static final Duration DAY = Duration.ofDays(1);

	private EarlierDayCuts() {
	}

	/** @return why {@code range} cannot run, naming the first such window and what to do, or {@code null} */
	public static @Nullable String problem(JobSpec spec, Archive archive, Window range) {
		ZoneId zone = spec.zone();
		for (SourceSpec source : spec.sources()) {
			if (!source.window().equals(DAY)) {
				continue; // longer and shorter windows were cut as they are now
			}
			LocalDate last = LocalDate.ofInstant(range.end(), zone);
			for (LocalDate day = LocalDate.ofInstant(range.start(), zone); !day.isAfter(last); day = day.plusDays(1)) {
				Instant midnight = day.atStartOfDay(zone).toInstant();
				Instant next = day.plusDays(1).atStartOfDay(zone).toInstant();
				Window earlier = new Window(midnight, midnight.plus(DAY));
				if (Duration.between(midnight, next).compareTo(DAY) <= 0 || !next.isAfter(range.start())
						|| !midnight.isBefore(range.end())) {
					continue;
				}
				for (TargetSpec target : source.targets()) {
					String key = archive.layout().manifestKey(source.id(), target.id(), earlier);
					if (archive.store().stat(key).isPresent()) {
						return source.id() + "/" + target.id() + " " + day + " has "
								+ Duration.between(midnight, next).toHours() + " hours in " + zone
								+ ", and an earlier version archived it as " + earlier + " and a 1-hour window ("
								+ archive.store().describe(key) + "); this version cuts that day otherwise, so "
								+ "exporting it again would archive its logs twice: leave the day out (--to " + day
								+ ", then --from " + day.plusDays(1) + "), or export into a new destination";
					}
				}
			}
		}
		return null;
	}

}
