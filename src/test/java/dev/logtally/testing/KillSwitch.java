package dev.logtally.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the running logtally process with SIGKILL once a sandbox has served a given number of answers. Hook
 * {@link #served} into the emulator's {@code onServed}; {@link #killAndRestart} then runs the export again and again.
 */
public final class KillSwitch {

	/** A kill point never reached: the run is let finish. */
	private static final int NEVER = Integer.MAX_VALUE;

	private final IntSupplier servedCount;

	private final AtomicReference<LogtallyProcess> running = new AtomicReference<>();

	private final AtomicInteger killAt = new AtomicInteger(NEVER);

	/** @param servedCount the emulator's answers so far */
	public KillSwitch(IntSupplier servedCount) {
		this.servedCount = servedCount;
	}

	/** For the emulator's {@code onServed}: kills the running process once its point is reached. */
	public void served(int served) {
		LogtallyProcess process = this.running.get();
		if (process != null && served >= this.killAt.get()) {
			process.kill();
		}
	}

	/**
	 * Starts run {@code i} with {@code start.apply(i)} and kills it once it has had {@code answers[i]} more answers,
	 * then lets one last run finish. Asserts that each killed run died of SIGKILL and the last one exited 0.
	 * @return every run's output, for further assertions
	 */
	public List<String> killAndRestart(List<Integer> answers, IntFunction<LogtallyProcess> start) {
		List<String> outputs = new ArrayList<>();
		for (int attempt = 0; attempt <= answers.size(); attempt++) {
			boolean last = attempt == answers.size();
			int run = attempt;
			int exit = run(last ? NEVER : answers.get(attempt), () -> start.apply(run), outputs);
			assertThat(exit).as("run %d:%n%s", attempt, String.join("\n", outputs)).isEqualTo(last ? 0 : 137);
		}
		return outputs;
	}

	/**
	 * Starts one run with {@code start} and kills it once it has had {@code answers} more answers. Asserts that it
	 * died of SIGKILL.
	 * @return its output
	 */
	public String killAfter(int answers, Supplier<LogtallyProcess> start) {
		List<String> outputs = new ArrayList<>();
		int exit = run(answers, start, outputs);
		assertThat(exit).as("%s", outputs.get(0)).isEqualTo(137);
		return outputs.get(0);
	}

	/** Starts a run and waits for it to end, killing it after {@code answers} more answers; adds its output. */
	private int run(int answers, Supplier<LogtallyProcess> start, List<String> outputs) {
		this.killAt.set(answers == NEVER ? NEVER : this.servedCount.getAsInt() + answers);
		LogtallyProcess process = start.get();
		this.running.set(process);
		if (this.servedCount.getAsInt() >= this.killAt.get()) {
			process.kill();
		}
		int exit = process.waitFor();
		this.running.set(null);
		outputs.add("--- run " + outputs.size() + " (exit " + exit + ")\n" + process.output());
		return exit;
	}

}
