package dev.logtally.archive;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;

/**
 * How manifests and reports are written: pretty-printed JSON ended by a newline, with fields in the order the writer
 * gives them, so that the same content always gives the same bytes (a manifest's SHA-256 is recorded elsewhere).
 */
public final class DeterministicJson {

	static final JsonFactory JSON = new JsonFactory();

	private static final ObjectWriteContext PRETTY = new ObjectWriteContext.Base() {
		@Override
		public PrettyPrinter getPrettyPrinter() {
			return new DefaultPrettyPrinter();
		}
	};

	private DeterministicJson() {
	}

	public static byte[] render(Consumer<JsonGenerator> document) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, document);
		return out.toByteArray();
	}

	/**
	 * Writes the same bytes as {@link #render} to {@code out}, as they are made, and closes it: a document as large
	 * as a year's run report is never held whole.
	 */
	public static void write(OutputStream out, Consumer<JsonGenerator> document) {
		try (JsonGenerator json = JSON.createGenerator(PRETTY, out)) {
			document.accept(json);
			json.writeRaw('\n');
		}
	}

}
