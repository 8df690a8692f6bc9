package dev.logtally.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.logtally.window.Window;

/**
 * One kind of source's part in the sandbox: its emulator, started with the demo's data and faults or with a small
 * dataset for the contract every source passes, its credential files, and its section of the sandbox's job spec. A new
 * source joins {@code logtally demo}, {@code logtally sandbox} and the source contract test by being listed in
 * {@link SandboxSources}.
 */
public interface SandboxSource {

	/** The source type it emulates, as a job spec's {@code type} names it ({@code tencent-scf}). */
	String kind();

	/** How the sandbox's lines name it in a sentence ({@code SCF}, {@code legacy SCF}). */
	String label();

	/** What the demo's line about its emulator adds after the endpoint: its limits and faults, in parentheses. */
	String demoConditions();

	/** What the demo exports from it, as the demo's "Exporting" line says it. */
	String demoExports();

	/**
	 * Starts its emulator with the demo's data and faults and writes its credential files, under fresh secrets, into
	 * {@code setup.credentials()}.
	 * @throws IOException if a credential file cannot be written
	 */
	Started startDemo(DemoSetup setup) throws IOException;

	/**
	 * Starts its emulator with a small dataset (no faults, no rate limit) whose one target a window holds whole on
	 * several pages, and writes its credential files into {@code credentials}.
	 * @throws IOException if a credential file cannot be written
	 */
	Started startContract(Path credentials) throws IOException;

	/** The name that starts a line about it ({@code Legacy SCF}). */
	default String title() {
		return label().substring(0, 1).toUpperCase(Locale.ROOT) + label().substring(1);
	}

	/**
	 * Where and how the demo starts the emulators.
	 * @param credentials the folder of the credential files
	 * @param port the emulator's loopback port, 0 for any free one
	 * @param rateLimit the sandbox's requests per second per key (5 as SCF documents); 0 for no limits at all
	 * @param firstDay the start of the demo's first day
	 */
	record DemoSetup(Path credentials, int port, int rateLimit, Instant firstDay) {
	}

	/**
	 * What a contract test reads: one target of the started spec section, a window, and the records the emulator holds
	 * for the target in that window.
	 */
	record ContractTarget(String target, Window window, long records) {
	}

	/**
	 * A running emulator, with what the job spec and the sandbox's lines need of it.
	 * @param source the source it emulates
	 * @param sourceId the spec's source id of its section ({@code scf-demo})
	 * @param specSection its item of the job spec's {@code sources:} list, indented two spaces and ending in a line
	 *     break: it names the emulator's endpoint and the credential files
	 * @param secretFile the credential file that holds the secret half of the key pair, the part a signature proves
	 * @param contract the contract's target, for an emulator started by {@link SandboxSource#startContract}
	 * @param servedNote what the demo's last line adds to its served count ({@code " (and 31 audit-log files)"}), read
	 *     when the line is printed
	 */
	record Started(SandboxSource source, LoopbackEmulator<?> emulator, String sourceId, String specSection, Path secretFile,
			Optional<ContractTarget> contract, Supplier<String> servedNote) implements AutoCloseable {

		public Started {
			Objects.requireNonNull(source, "source");
			Objects.requireNonNull(emulator, "emulator");
			Objects.requireNonNull(contract, "contract");
			Objects.requireNonNull(servedNote, "servedNote");
		}

		/** The requests it answered, as the demo's last line says them ({@code SCF 42}). */
		public String served() {
			return this.source.label() + " " + this.emulator.servedCount() + this.servedNote.get();
		}

		@Override
		public void close() {
			this.emulator.close();
		}

	}

}
