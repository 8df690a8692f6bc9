package dev.logtally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What Linux says about a process's physical memory, from {@code /proc/<pid>/status}: {@code VmRSS} now and
 * {@code VmHWM}, the most it ever had resident. Sampled while the process lives, so that the peak is known even
 * though the file disappears with the process.
 */
final class ResidentMemory {

	private final Path status;

	private long peakBytes;

	private long samples;

	ResidentMemory(long pid) {
		this.status = Path.of("/proc", Long.toString(pid), "status");
	}

	/** Reads the status once; a process that is gone (or a system without {@code /proc}) leaves the figures as they are. */
	void sample() {
		List<String> lines;
		try {
			lines = Files.readAllLines(this.status);
		}
		catch (IOException ex) {
			return;
		}
		for (String line : lines) {
			if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
				kilobytes(line).ifPresent((kb) -> {
					this.peakBytes = Math.max(this.peakBytes, kb * 1024);
					this.samples++;
				});
			}
		}
	}

	/** The largest of the high-water marks and resident sizes seen; 0 if nothing could be read. */
	long peakBytes() {
		return this.peakBytes;
	}

	boolean measured() {
		return this.samples > 0;
	}

	/** {@code VmHWM:	  123456 kB}. */
	private static OptionalLong kilobytes(String line) {
		String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
		try {
			return OptionalLong.of(Long.parseLong(parts[0]));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

}
