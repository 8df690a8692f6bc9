package dev.logtally.jobspec;

import java.nio.file.Path;
import java.util.List;

/**
 * A job spec that cannot be used. The message names the file and, for each problem, the field and what is wrong.
 */
public class SpecException extends RuntimeException {

	private final Path file;

	private final List<String> problems;

	public SpecException(Path file, List<String> problems) {
		super(render(file, problems));
		this.file = file;
		this.problems = List.copyOf(problems);
	}

	public Path file() {
		return this.file;
	}

	/** Each problem as {@code field: what is wrong}. */
	public List<String> problems() {
		return this.problems;
	}

	private static String render(Path file, List<String> problems) {
		if (problems.size() == 1) {
			return "job spec " + file + ": " + problems.get(0);
		}
		StringBuilder message = new StringBuilder("job spec " + file + " has " + problems.size() + " problems:");
		problems.forEach((problem) -> message.append(System.lineSeparator()).append("  ").append(problem));
		return message.toString();
	}

}
