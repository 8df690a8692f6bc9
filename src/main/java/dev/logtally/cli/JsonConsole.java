package dev.logtally.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a command prints, with {@code --log-format json}: every line becomes one JSON object in the shape of the log
 * events (Elastic Common Schema, as Spring Boot's structured logging writes them), so that a log shipper reading the
 * process's output never meets a line it cannot parse. A line on standard error that starts with {@code logtally: } is
 * an error; other lines are informational. {@link #event} writes an event with fields of its own (a window's verdict
 * and counts), where text mode prints a table.
 */
final class JsonConsole extends PrintWriter {

	/** The ECS version Spring Boot's formatter declares. */
	private static final String ECS_VERSION = "8.11";

	private static final String ERROR_PREFIX = "logtally: ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The level of a plain line, by the stream it was printed on. */
	enum Level {

		INFO, WARN, ERROR

	}

	private final Lines lines;

	private JsonConsole(Lines lines) {
		super(lines, true);
		this.lines = lines;
	}

	/**
	 * @param target where the JSON lines go
	 * @param level {@link Level#ERROR} for standard error, whose {@code logtally: } lines are errors and other lines
	 *     warnings; {@link Level#INFO} for standard output
	 */
	static JsonConsole of(PrintWriter target, Level level) {
		return (target instanceof JsonConsole json) ? json : new JsonConsole(new Lines(target, level, Clock.systemUTC()));
	}

	/**
	 * Writes one event with its own fields; a dot in a field's name nests it ({@code window.start}), as in the log
	 * events.
	 */
	void event(Level level, String message, Map<String, ?> fields) {
		flush();
		this.lines.write(level, message, fields);
	}

	/** Buffers what is printed up to each line end, and writes each line as an event. */
	private static final class Lines extends Writer {

		private final PrintWriter target;

		private final Level level;

		private final Clock clock;

		private final StringBuilder line = new StringBuilder();

		Lines(PrintWriter target, Level level, Clock clock) {
			this.target = target;
			this.level = level;
			this.clock = clock;
		}

		@Override
		public void write(char[] chars, int offset, int length) {
			synchronized (this.lock) {
				for (int i = offset; i < offset + length; i++) {
					char c = chars[i];
					if (c == '\n') {
						writeLine();
					}
					else if (c != '\r') {
						this.line.append(c);
					}
				}
			}
		}

		private void writeLine() {
			String text = this.line.toString();
			this.line.setLength(0);
			if (text.isBlank()) {
				// The blank lines that set text apart carry nothing.
				return;
			}
			if (this.level == Level.INFO) {
				write(Level.INFO, text, Map.of());
			}
			else if (text.startsWith(ERROR_PREFIX)) {
				write(Level.ERROR, text.substring(ERROR_PREFIX.length()), Map.of());
			}
			else {
				write(Level.WARN, text, Map.of());
			}
		}

		void write(Level level, String message, Map<String, ?> fields) {
			ObjectNode event = JSON.createObjectNode();
			event.put("@timestamp", this.clock.instant().toString());
			event.putObject("log").put("level", level.name()).put("logger", "dev.logtally.console");
			event.putObject("service").put("name", "logtally").put("version", LogtallyCli.version());
			event.put("message", message);
			fields.forEach((name, value) -> put(event, name, value));
			event.putObject("ecs").put("version", ECS_VERSION);
			synchronized (this.lock) {
				this.target.println(JSON.writeValueAsString(event));
				this.target.flush();
			}
		}

		private static void put(ObjectNode event, String name, @Nullable Object value) {
			ObjectNode parent = event;
			String[] path = name.split("\\.");
			for (int i = 0; i < path.length - 1; i++) {
				parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
			}
			parent.putPOJO(path[path.length - 1], value);
		}

		@Override
		public void flush() {
			synchronized (this.lock) {
				if (!this.line.isEmpty()) {
					writeLine();
				}
				this.target.flush();
			}
		}

		@Override
		public void close() {
			flush();
		}

	}

}
