-- logtally's own tables: the run lock (ShedLock's layout, RunLock) and the nightly high-water marks (HighWaterMarks).
-- IF NOT EXISTS only for a repository created before Flyway, baselined at version 1, where the classes created them;
-- Flyway runs this once, under its lock, so processes starting together never race on it.
CREATE TABLE IF NOT EXISTS logtally_lock (
	name VARCHAR(64) NOT NULL PRIMARY KEY,
	lock_until TIMESTAMP NOT NULL,
	locked_at TIMESTAMP NOT NULL,
	locked_by VARCHAR(255) NOT NULL
);

CREATE TABLE IF NOT EXISTS logtally_high_water (
	job_name VARCHAR(64) NOT NULL PRIMARY KEY,
	mark VARCHAR(40) NOT NULL,
	pending_to VARCHAR(40)
);
