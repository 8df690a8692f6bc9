package dev.logtally.source.rds;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.http.MalformedAnswerException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads RDS answers token by token: a {@code ListAuditlogs} page, an {@code auditlog-links} answer and an error body.
 * A value that breaks the contract is refused with a message that names the field.
 */
final class RdsResponseParser {

	/** {@code 2019-11-06T09:03:34+0800}: a numeric offset without a colon. */
	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(1024 * 1024)
			.maxNestingDepth(16)
			.maxNumberLength(64)
			.build())
		.build();

	/** One page of a listing. */
	record Listing(List<AuditLogFile> files, long totalRecord) {
	}

	Listing listing(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT, "the ListAuditlogs answer");
			List<AuditLogFile> files = null;
			Long total = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				switch (name) {
					case "auditlogs" -> files = files(parser);
					case "total_record" -> {
						expect(parser.currentToken(), JsonToken.VALUE_NUMBER_INT, "total_record");
						total = parser.getLongValue();
						if (total < 0) {
							throw new MalformedAnswerException("total_record is negative: " + total);
						}
					}
					default -> parser.skipChildren();
				}
			}
			if (files == null) {
				throw new MalformedAnswerException("auditlogs is missing");
			}
			if (total == null) {
				throw new MalformedAnswerException("total_record is missing");
			}
			return new Listing(List.copyOf(files), total);
		}
	}

	private static List<AuditLogFile> files(JsonParser parser) {
		expect(parser.currentToken(), JsonToken.START_ARRAY, "auditlogs");
		List<AuditLogFile> files = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			String path = "auditlogs[" + files.size() + "]";
			expect(parser.currentToken(), JsonToken.START_OBJECT, path);
			String id = null, name = "", size = null, begin = null, end = "";
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken token = parser.nextToken();
				switch (field) {
					case "id" -> id = string(parser, path + ".id");
					case "name" -> name = string(parser, path + ".name");
					case "size" -> {
						if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
							throw new MalformedAnswerException(path + ".size must be a number, found " + token);
						}
						size = parser.getString();
					}
					case "begin_time" -> begin = string(parser, path + ".begin_time");
					case "end_time" -> end = string(parser, path + ".end_time");
					default -> parser.skipChildren();
				}
			}
			if (id == null || id.isEmpty()) {
				throw new MalformedAnswerException(path + ".id is missing");
			}
			if (size == null) {
				throw new MalformedAnswerException(path + ".size is missing");
			}
			if (begin == null) {
				throw new MalformedAnswerException(path + ".begin_time is missing");
			}
			files.add(new AuditLogFile(id, name, size, begin, end, instant(begin, path + ".begin_time")));
		}
		return files;
	}

	List<URI> links(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT, "the auditlog-links answer");
			List<URI> links = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (name.equals("links")) {
					expect(parser.currentToken(), JsonToken.START_ARRAY, "links");
					links = new ArrayList<>();
					while (parser.nextToken() != JsonToken.END_ARRAY) {
						links.add(uri(string(parser, "links[" + links.size() + "]"), "links[" + links.size() + "]"));
					}
				}
				else {
					parser.skipChildren();
				}
			}
			if (links == null) {
				throw new MalformedAnswerException("links is missing");
			}
			return links;
		}
	}

	private static Instant instant(String text, String field) {
		try {
			return OffsetDateTime.parse(text, TIME).toInstant();
		}
		catch (DateTimeException ex) {
			throw new MalformedAnswerException(field + " \"" + text + "\" is not yyyy-MM-ddTHH:mm:ss+hhmm");
		}
	}

	private static URI uri(String text, String field) {
		try {
			URI uri = new URI(text);
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				throw new MalformedAnswerException(field + " is not an http(s) link");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new MalformedAnswerException(field + " is not a link: " + ex.getReason());
		}
	}

	private static String string(JsonParser parser, String field) {
		expect(parser.currentToken(), JsonToken.VALUE_STRING, field);
		return parser.getString();
	}

	private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
		if (actual != expected) {
			throw new MalformedAnswerException(what + " must be " + switch (expected) {
				case START_ARRAY -> "an array";
				case START_OBJECT -> "an object";
				case VALUE_STRING -> "a string";
				default -> "a whole number";
			} + ", found " + (actual == null ? "the end of the answer" : actual));
		}
	}

}
