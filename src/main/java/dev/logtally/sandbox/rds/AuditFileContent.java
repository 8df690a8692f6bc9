package dev.logtally.sandbox.rds;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Generates an audit-log file's bytes on the fly: CSV lines in the shape of an RDS for MySQL audit log
 * ({@code record_id,name,timestamp,command_class,connection_id,status,sqltext,user,ip,db}), written through one small
 * buffer, so a file of any length costs {@link #BUFFER_BYTES} of memory however long it is.
 *
 * <p>The bytes depend only on the seed, the file id, its time span and its length. Every line ends with {@code \n};
 * the last line is padded (inside an SQL comment) to end exactly at the file's length. A line's timestamp moves from
 * the file's begin to its end in proportion to where the line starts, so timestamps never decrease.
 */
final class AuditFileContent {

	/** The only buffer a file is generated through. */
	static final int BUFFER_BYTES = 64 * 1024;

	/** The shortest file that can be generated: room for one padded line. */
	static final int MIN_BYTES = 256;

	/** No generated line is longer than this, the padded last line included. */
	private static final int MAX_LINE = 1024;

	private static final byte[][] COMMANDS = ascii("select", "update", "insert", "delete", "show", "connect");

	private static final byte[][] USERS = ascii("app_rw", "app_ro", "report", "root", "dba_ops", "etl");

	private static final byte[][] DATABASES = ascii("shop", "billing", "users", "inventory");

	private static final byte[][][] STATEMENTS = {
			ascii("SELECT id, status, total FROM orders WHERE id = ", ""),
			ascii("UPDATE accounts SET balance = balance - ", " WHERE id = "),
			ascii("INSERT INTO audit_trail (actor, action, ref) VALUES ('app', 'checkout', ", ")"),
			ascii("DELETE FROM sessions WHERE expires_at < ", ""),
			ascii("SHOW VARIABLES LIKE 'innodb_buffer_pool%' /* ", " */"),
			ascii("SELECT c.name, SUM(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = ",
					" GROUP BY c.name") };

	private static final byte[] QUERY = ascii(",Query,")[0];

	private static final byte[] PAD_OPEN = ascii("SELECT 1 /*")[0];

	private static final byte[] PAD_CLOSE = ascii("*/")[0];

	private static final byte[] NETWORK = ascii("10.0.")[0];

	private final SplittableRandom random;

	private final long beginSecond;

	private final long spanSeconds;

	private final long length;

	private final byte[] buffer = new byte[BUFFER_BYTES];

	/** A line's end, drawn before its length is known (the padded last line needs it first). */
	private final byte[] suffix = new byte[64];

	private int position;

	private long generated;

	private long record;

	private long timestampSecond = Long.MIN_VALUE;

	private final byte[] timestamp = "0000-00-00T00:00:00Z".getBytes(StandardCharsets.US_ASCII);

	private AuditFileContent(long seed, AuditFile file) {
		this.random = new SplittableRandom(seed);
		this.beginSecond = file.begin().getEpochSecond();
		this.spanSeconds = file.end().getEpochSecond() - this.beginSecond;
		this.length = file.bytes();
		if (this.length < MIN_BYTES) {
			throw new IllegalArgumentException("an audit file needs at least " + MIN_BYTES + " bytes: " + file);
		}
	}

	/**
	 * Writes the first {@code limit} bytes of the file (all of it if {@code limit} is at least its length).
	 * @param contentSeed the file's content seed, see {@link RdsDataset}
	 * @return how many bytes were written
	 */
	static long write(long contentSeed, AuditFile file, OutputStream out, long limit) throws IOException {
		return new AuditFileContent(contentSeed, file).writeTo(out, Math.min(limit, file.bytes()));
	}

	private long writeTo(OutputStream out, long limit) throws IOException {
		long written = 0;
		while (this.generated < this.length && written < limit) {
			while (this.generated < this.length && this.position <= BUFFER_BYTES - MAX_LINE) {
				nextLine();
			}
			int chunk = (int) Math.min(this.position, limit - written);
			out.write(this.buffer, 0, chunk);
			written += chunk;
			this.position = 0;
		}
		return written;
	}

	/** Appends the next line, or the padded last line when a normal one would leave too little room for it. */
	private void nextLine() {
		int start = this.position;
		long remaining = this.length - this.generated;
		writePrefix();
		writeStatement();
		int lineLength = this.position - start;
		if (remaining - lineLength < MIN_BYTES) {
			this.position = start;
			this.record--;
			writePrefix();
			writePadding((int) (remaining - (this.position - start)));
			lineLength = (int) remaining;
		}
		this.generated += lineLength;
	}

	private void writePrefix() {
		this.record++;
		writeNumber(this.record);
		writeBytes(QUERY);
		writeBytes(timestampAt(this.generated));
		put(',');
		writeBytes(pick(COMMANDS));
		put(',');
		writeNumber(1000 + this.random.nextInt(9000));
		put(',');
		put((this.random.nextInt(50) == 0) ? '1' : '0');
		put(',');
		put('"');
	}

	private void writeStatement() {
		byte[][] statement = STATEMENTS[this.random.nextInt(STATEMENTS.length)];
		writeBytes(statement[0]);
		writeNumber(this.random.nextInt(10_000_000));
		if (statement[1].length > 0) {
			writeBytes(statement[1]);
			if (statement[1][statement[1].length - 1] == ' ') {
				writeNumber(this.random.nextInt(100_000));
			}
		}
		writeSuffix(renderSuffix());
	}

	/** An SQL statement whose comment fills the line to exactly {@code bytes}, suffix included. */
	private void writePadding(int bytes) {
		int suffix = renderSuffix();
		int fill = bytes - PAD_OPEN.length - PAD_CLOSE.length - suffix;
		if (fill < 0) {
			throw new IllegalStateException("no room to pad the last line: " + bytes);
		}
		writeBytes(PAD_OPEN);
		for (int i = 0; i < fill; i++) {
			put('x');
		}
		writeBytes(PAD_CLOSE);
		writeSuffix(suffix);
	}

	/** Draws the line's closing quote, user, ip and database into {@link #suffix}; returns its length. */
	private int renderSuffix() {
		int mark = this.position;
		put('"');
		put(',');
		writeBytes(pick(USERS));
		put(',');
		writeBytes(NETWORK);
		writeNumber(this.random.nextInt(256));
		put('.');
		writeNumber(this.random.nextInt(256));
		put(',');
		writeBytes(pick(DATABASES));
		put('\n');
		int length = this.position - mark;
		System.arraycopy(this.buffer, mark, this.suffix, 0, length);
		this.position = mark;
		return length;
	}

	private void writeSuffix(int length) {
		System.arraycopy(this.suffix, 0, this.buffer, this.position, length);
		this.position += length;
	}

	/** {@code yyyy-MM-ddTHH:mm:ssZ} of the line starting at {@code offset}, rewritten in place when the second changes. */
	private byte[] timestampAt(long offset) {
		// proportional to the line's start: non-decreasing, begin at offset 0, at most end at the last line
		long second = this.beginSecond + (long) ((double) this.spanSeconds * offset / this.length);
		if (second != this.timestampSecond) {
			this.timestampSecond = second;
			LocalDateTime time = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
			digits(0, 4, time.getYear());
			digits(5, 2, time.getMonthValue());
			digits(8, 2, time.getDayOfMonth());
			digits(11, 2, time.getHour());
			digits(14, 2, time.getMinute());
			digits(17, 2, time.getSecond());
		}
		return this.timestamp;
	}

	private void digits(int at, int count, int value) {
		for (int i = at + count - 1; i >= at; i--) {
			this.timestamp[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
	}

	private byte[] pick(byte[][] choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	private void writeNumber(long value) {
		if (value == 0) {
			put('0');
			return;
		}
		int digits = 0;
		for (long rest = value; rest > 0; rest /= 10) {
			digits++;
		}
		for (int i = digits - 1; i >= 0; i--) {
			this.buffer[this.position + i] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		this.position += digits;
	}

	private void writeBytes(byte[] bytes) {
		System.arraycopy(bytes, 0, this.buffer, this.position, bytes.length);
		this.position += bytes.length;
	}

	private void put(char c) {
		this.buffer[this.position++] = (byte) c;
	}

	private static byte[][] ascii(String... texts) {
		byte[][] bytes = new byte[texts.length][];
		for (int i = 0; i < texts.length; i++) {
			bytes[i] = texts[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

}
