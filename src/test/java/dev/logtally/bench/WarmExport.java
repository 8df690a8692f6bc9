package dev.logtally.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import dev.logtally.cli.LogtallyCli;

/**
 * Runs one {@code logtally} command several times in one JVM, for the pipeline benchmark's warm figure: by the last run
 * the JIT has compiled the export's hot paths, as the baseline's are when it is measured. Started with the packaged
 * jar's classes and libraries (Spring Boot's {@code PropertiesLauncher}), so that it runs what operators run, nothing
 * from the test class path.
 *
 * <p>Arguments: the number of runs, the number of last runs to pair with a baseline, then the command; {@code {run}} in
 * an argument becomes the run's number, so that each run has its own spec (destination) and home. Before each paired
 * run it prints {@code warm-ready <n>} and waits for a line on its standard input: the benchmark measures the baseline
 * meanwhile, with this JVM idle, so that the machine's drift over minutes does not come between the two. Prints
 * {@code warm-run <n> <wall ns> <cpu ns> <exit code>} after each run, then
 * {@code warm-threads <n> <where the run's CPU time went, by group of threads>}.
 */
public final class WarmExport {

	private WarmExport() {
	}

	public static void main(String[] args) throws IOException {
		System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
		System.setProperty("sun.net.httpserver.nodelay", "true");
		int runs = Integer.parseInt(args[0]);
		int paired = Integer.parseInt(args[1]);
		List<String> command = Arrays.asList(args).subList(2, args.length);
		BufferedReader go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		ProcessCpu.Sampler threads = new ProcessCpu.Sampler(ProcessHandle.current().pid());
		int worst = 0;
		for (int run = 1; run <= runs; run++) {
			List<String> arguments = new ArrayList<>();
			for (String argument : command) {
				arguments.add(argument.replace("{run}", Integer.toString(run)));
			}
			if (run > runs - paired) {
				System.out.println("warm-ready " + run);
				go.readLine();
			}
			ProcessCpu.Sampler.Reading before = threads.read();
			long cpu = os.getProcessCpuTime();
			long start = System.nanoTime();
			int exit = LogtallyCli.execute(arguments.toArray(String[]::new));
			long wall = System.nanoTime() - start;
			long cpuTime = os.getProcessCpuTime() - cpu;
			ProcessCpu.Sampler.Reading after = threads.read();
			System.out.println("warm-run " + run + " " + wall + " " + cpuTime + " " + exit);
			System.out.println("warm-threads " + run + " " + ProcessCpu.between(before, after).largest(6));
			worst = Math.max(worst, exit);
		}
		System.exit(worst);
	}

}
