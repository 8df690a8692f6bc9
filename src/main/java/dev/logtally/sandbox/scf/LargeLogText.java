package dev.logtally.sandbox.scf;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic {@code Log} values of an exact UTF-8 size. They are built when a page is written rather than stored,
 * so a dataset with dozens of megabyte logs costs no memory until it is read. A log is a short non-ASCII header
 * (which makes the byte count differ from the char count) followed by an ASCII filler cut from one seeded block at
 * a per-log offset, so neighbouring large logs differ.
 */
final class LargeLogText {

	private static final int BLOCK_CHARS = 64 * 1024;

	private final String block;

	LargeLogText(long seed) {
		this.block = asciiBlock(new SplittableRandom(seed ^ 0x6C61726765L));
	}

	/**
	 * The log text for one invocation.
	 * @param requestId the invocation's request id, repeated in the header
	 * @param sequence the log's stable position within its function, which picks the filler offset
	 * @param bytes the exact UTF-8 length of the result
	 */
	String of(String requestId, int sequence, int bytes) {
		String header = "large log " + requestId + " 🚀 函数运行日志\r\n";
		int headerBytes = header.getBytes(StandardCharsets.UTF_8).length;
		StringBuilder text = new StringBuilder(bytes);
		int remaining = bytes;
		if (headerBytes <= bytes) {
			text.append(header);
			remaining -= headerBytes;
		}
		int offset = (int) Math.floorMod(sequence * 7919L, (long) BLOCK_CHARS);
		while (remaining > 0) {
			int take = Math.min(remaining, BLOCK_CHARS - offset);
			text.append(this.block, offset, offset + take);
			remaining -= take;
			offset = 0;
		}
		return text.toString();
	}

	/** Printable ASCII lines of varied length, ended by LF, CRLF or a lone CR, with tabs, commas and quotes. */
	private static String asciiBlock(SplittableRandom random) {
		StringBuilder block = new StringBuilder(BLOCK_CHARS);
		while (block.length() < BLOCK_CHARS) {
			int lineLength = random.nextInt(20, 120);
			for (int i = 0; i < lineLength; i++) {
				int pick = random.nextInt(100);
				if (pick < 3) {
					block.append('\t');
				}
				else if (pick < 6) {
					block.append(',');
				}
				else if (pick < 8) {
					block.append('"');
				}
				else {
					block.append((char) random.nextInt(' ', '~' + 1));
				}
			}
			int ending = random.nextInt(10);
			block.append(ending < 7 ? "\n" : ending < 9 ? "\r\n" : "\r");
		}
		block.setLength(BLOCK_CHARS);
		return block.toString();
	}

}
