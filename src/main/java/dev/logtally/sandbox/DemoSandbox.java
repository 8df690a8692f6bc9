package dev.logtally.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import dev.logtally.sandbox.SandboxSource.DemoSetup;
import dev.logtally.sandbox.SandboxSource.Started;

/**
 * The sandbox as {@code logtally demo} and {@code logtally sandbox} run it: the emulator of every source of
 * {@link SandboxSources} with the demo's data and faults, fresh credentials in files, and a job spec that exports from
 * all of them.
 */
public final class DemoSandbox implements AutoCloseable {

	/** The demo range, as command-line dates in the spec's zone. */
	public static final String FROM = "2026-11-01";

	public static final String TO = "2026-11-04";

	/** 2026-11-01T00:00 in Beijing, the demo spec's zone. */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private final List<Started> sources;

	private final Path spec;

	private DemoSandbox(List<Started> sources, Path spec) {
		this.sources = List.copyOf(sources);
		this.spec = spec;
	}

	/**
	 * Starts the sandbox and writes {@code <dir>/credentials/} and the job spec {@code <dir>/<specName>}.
	 * @param port the loopback port of the first source's emulator, each next one on the next port; 0 for any free
	 *     ones
	 * @param rateLimit requests per second per SecretId (5 as documented; 0 for none)
	 */
	public static DemoSandbox start(Path dir, String specName, int port, int rateLimit) {
		List<Started> started = new ArrayList<>();
		try {
			Path credentials = dir.resolve("credentials");
			Files.createDirectories(credentials);
			List<SandboxSource> all = SandboxSources.all();
			for (int i = 0; i < all.size(); i++) {
				DemoSetup setup = new DemoSetup(credentials, port == 0 ? 0 : port + i, rateLimit, DAY_1);
				started.add(all.get(i).startDemo(setup));
			}
			Path spec = dir.resolve(specName);
			Files.writeString(spec, spec(dir, started));
			return new DemoSandbox(started, spec);
		}
		catch (IOException ex) {
			started.forEach(Started::close);
			throw new UncheckedIOException("cannot prepare the sandbox in " + dir + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			started.forEach(Started::close);
			throw ex;
		}
	}

	/** Its running emulators, in the order of {@link SandboxSources}. */
	public List<Started> sources() {
		return this.sources;
	}

	/**
	 * The running emulator of this type.
	 * @throws NoSuchElementException if the sandbox runs none
	 */
	public <E extends LoopbackEmulator<E>> E emulator(Class<E> type) {
		return this.sources.stream()
			.map(Started::emulator)
			.filter(type::isInstance)
			.map(type::cast)
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException("the sandbox runs no " + type.getSimpleName()));
	}

	/** The job spec that exports from this sandbox. */
	public Path spec() {
		return this.spec;
	}

	/** Requests refused by the emulators' rate limits, all together. */
	public int throttledCount() {
		return this.sources.stream().mapToInt((source) -> source.emulator().throttledCount()).sum();
	}

	@Override
	public void close() {
		this.sources.forEach(Started::close);
	}

	private static String spec(Path dir, List<Started> sources) {
		StringBuilder spec = new StringBuilder("""
				# Written by logtally for its sandbox: the endpoint changes whenever the sandbox starts.
				name: demo
				zone: "+08:00"
				destination:
				  path: %s
				  compression: gzip
				sources:
				""".formatted(dir.resolve("archive")));
		sources.forEach((source) -> spec.append(source.specSection()));
		return spec.toString();
	}

}
