package dev.logtally.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each job's nightly progress, in the job repository's database: the high-water mark (everything before it was
 * exported and MATCHED) and the range of a nightly run that has not finished, which the next nightly run resumes
 * before it goes further. Read and written only while the job's run lock is held. The table is the schema
 * migrations' ({@code db/logtally}).
 */
public final class HighWaterMarks {

	static final String TABLE = "logtally_high_water";

	/**
	 * A job's nightly state.
	 * @param mark every window that ends at or before it was exported and MATCHED
	 * @param pendingTo the end of the range a nightly run started from {@code mark} and did not finish, or null
	 */
	public record State(Instant mark, @Nullable Instant pendingTo) {
	}

	private final JdbcTemplate jdbc;

	public HighWaterMarks(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	public Optional<State> load(String job) {
		List<State> rows = this.jdbc.query("SELECT mark, pending_to FROM " + TABLE + " WHERE job_name = ?",
				(row, index) -> new State(Instant.parse(row.getString(1)),
						row.getString(2) == null ? null : Instant.parse(row.getString(2))),
				job);
		return rows.stream().findFirst();
	}

	public void store(String job, State state) {
		String pending = state.pendingTo() == null ? null : state.pendingTo().toString();
		int updated = this.jdbc.update("UPDATE " + TABLE + " SET mark = ?, pending_to = ? WHERE job_name = ?",
				state.mark().toString(), pending, job);
		if (updated == 0) {
			this.jdbc.update("INSERT INTO " + TABLE + " (job_name, mark, pending_to) VALUES (?, ?, ?)", job,
					state.mark().toString(), pending);
		}
	}

}
