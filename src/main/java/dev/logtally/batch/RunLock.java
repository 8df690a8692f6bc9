package dev.logtally.batch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One run of a job spec at a time: a lock with a lease in the job repository's database (ShedLock), kept alive while
 * the run lasts.
 *
 * <p>A process that dies holding the lock leaves it to expire with its lease. To let an operator restart at once after
 * a crash, a lock whose owner is recorded as a process on this host that no longer exists (pid and start time) is
 * released early; a lock held by a live process, or by another host, is never taken.
 *
 * <p>The table is the schema migrations' ({@code db/logtally}), not created here: a {@code CREATE TABLE IF NOT EXISTS}
 * is not safe when processes start together on a fresh PostgreSQL database.
 */
public final class RunLock {

	static final String TABLE = "logtally_lock";

	private final JdbcTemplate jdbc;

	private final Duration lease;

	private final Owner self;

	private final JdbcTemplateLockProvider provider;

	private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "lock-keepalive");
		thread.setDaemon(true);
		return thread;
	});

	public RunLock(DataSource dataSource, Duration lease) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.lease = lease;
		this.self = Owner.current();
		this.provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(this.jdbc)
			.withTableName(TABLE)
			.withLockedByValue(this.self.encode())
			.usingDbTime()
			.build());
	}

	/**
	 * Takes the lock for {@code name} or says who holds it.
	 * @throws LockHeldException naming the holder when another live run holds the lock
	 */
	public SimpleLock acquire(String name) {
		Optional<SimpleLock> lock = tryLock(name);
		if (lock.isEmpty()) {
			Holder holder = holder(name);
			if (holder != null && holder.owner().isDeadLocalProcess(this.self)) {
				// The holder crashed on this host: its lease is worthless, end it now rather than make the operator wait.
				this.jdbc.update("UPDATE " + TABLE + " SET lock_until = locked_at WHERE name = ? AND locked_by = ?", name,
						holder.owner().encode());
				lock = tryLock(name);
			}
			if (lock.isEmpty()) {
				Holder current = holder(name);
				throw new LockHeldException(name, current);
			}
		}
		return lock.get();
	}

	private Optional<SimpleLock> tryLock(String name) {
		return new KeepAliveLockProvider(this.provider, this.keepAlive)
			.lock(new LockConfiguration(Instant.now(), name, this.lease, Duration.ZERO));
	}

	private @Nullable Holder holder(String name) {
		List<Holder> rows = this.jdbc.query("SELECT locked_by, lock_until FROM " + TABLE + " WHERE name = ?",
				(row, index) -> new Holder(Owner.parse(row.getString(1)), row.getTimestamp(2).toInstant()), name);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** Who holds a lock, and until when their lease runs (database time). */
	public record Holder(Owner owner, Instant leaseUntil) {
	}

	/** A process identity precise enough to tell a crashed owner from a live one on the same host. */
	public record Owner(String host, long pid, long startedMillis) {

		static Owner current() {
			ProcessHandle self = ProcessHandle.current();
			return new Owner(hostName(), self.pid(),
					self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
		}

		String encode() {
			return this.host + "/" + this.pid + "/" + this.startedMillis;
		}

		static Owner parse(String text) {
			String[] parts = text.split("/");
			try {
				return new Owner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
			}
			catch (RuntimeException ex) {
				return new Owner(text, -1, 0);
			}
		}

		/** Whether this owner is a process of {@code self}'s host that has exited (a reused pid started later). */
		boolean isDeadLocalProcess(Owner self) {
			if (!this.host.equals(self.host) || this.pid < 0) {
				return false;
			}
			Optional<ProcessHandle> process = ProcessHandle.of(this.pid);
			if (process.isEmpty() || !process.get().isAlive()) {
				return true;
			}
			Optional<Instant> started = process.get().info().startInstant();
			return started.isPresent() && this.startedMillis != 0
					&& Math.abs(started.get().toEpochMilli() - this.startedMillis) > 1000;
		}

		@Override
		public String toString() {
			return "process " + this.pid + " on " + this.host;
		}

		private static String hostName() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				return "unknown-host";
			}
		}

	}

	/** Another run of the same job spec is in progress. */
	public static final class LockHeldException extends RuntimeException {

		private final transient @Nullable Holder holder;

		LockHeldException(String name, @Nullable Holder holder) {
			super("another run of job spec '" + name + "' is in progress"
					+ (holder == null ? "" : " (" + holder.owner() + ", lease until " + holder.leaseUntil() + ")")
					+ "; refusing to start a second one");
			this.holder = holder;
		}

		/** Who holds the lock, if it was still held when asked. */
		public @Nullable Holder holder() {
			return this.holder;
		}

	}

}
