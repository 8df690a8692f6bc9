package dev.logtally.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import dev.logtally.sandbox.LoopbackServer;

/**
 * A loopback HTTP proxy in front of a real S3 server (S3Mock) that injects faults into chosen S3 calls: error
 * answers, connections dropped mid-answer, slow answers. Every call is counted by kind, and a listener sees each one
 * before it is forwarded (a test kills a process there).
 */
public final class FaultyS3Proxy implements AutoCloseable {

	/** The S3 operations the proxy tells apart, by method and query. */
	public enum Call {

		PUT_OBJECT, CREATE_UPLOAD, UPLOAD_PART, COMPLETE_UPLOAD, ABORT_UPLOAD, LIST_PARTS, LIST_UPLOADS, LIST_OBJECTS,
		HEAD_OBJECT, GET_OBJECT, OTHER;

		static Call of(String method, String path, String query) {
			String q = query == null ? "" : query;
			boolean bucketOnly = path.replaceAll("^/+|/+$", "").indexOf('/') < 0;
			boolean upload = q.contains("uploadId=");
			return switch (method) {
				case "PUT" -> q.contains("partNumber=") ? UPLOAD_PART : bucketOnly ? OTHER : PUT_OBJECT;
				case "POST" -> q.contains("uploads") && !upload ? CREATE_UPLOAD : upload ? COMPLETE_UPLOAD : OTHER;
				case "DELETE" -> upload ? ABORT_UPLOAD : OTHER;
				case "HEAD" -> bucketOnly ? OTHER : HEAD_OBJECT;
				case "GET" -> bucketOnly ? (q.contains("uploads") ? LIST_UPLOADS : LIST_OBJECTS)
						: upload ? LIST_PARTS : GET_OBJECT;
				default -> OTHER;
			};
		}

	}

	/** What happens to a call instead of (or before) its forwarding. */
	public sealed interface Fault {

		/** An S3 error answer, such as 500 InternalError or 503 SlowDown; nothing is forwarded. */
		record Status(int code, String errorCode) implements Fault {
		}

		/** The call is forwarded, then the connection is closed without an answer: S3 acted, the client never hears. */
		record Drop() implements Fault {
		}

		/** The call is held this long, then forwarded. */
		record Delay(Duration delay) implements Fault {
		}

	}

	private record Rule(Call call, AtomicInteger skip, AtomicInteger times, Fault fault) {
	}

	private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
			"upgrade", "transfer-encoding", "date", "keep-alive");

	private final URI upstream;

	private final LoopbackServer server = new LoopbackServer(0, "faulty-s3");

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Map<Call, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	private final Map<Call, Map<String, List<String>>> lastHeaders = new ConcurrentHashMap<>();

	private volatile Consumer<Call> listener = (call) -> {
	};

	/** @param upstream the real S3 server's endpoint */
	public FaultyS3Proxy(URI upstream) {
		this.upstream = upstream;
		this.server.start(this::handle);
	}

	public URI endpoint() {
		return this.server.endpoint();
	}

	/** After {@code skip} more calls of this kind pass, the next {@code times} get {@code fault}. */
	public FaultyS3Proxy inject(Call call, int skip, int times, Fault fault) {
		this.rules.add(new Rule(call, new AtomicInteger(skip), new AtomicInteger(times), fault));
		return this;
	}

	/** Sees every call, numbered by kind from 1, before it is forwarded. */
	public FaultyS3Proxy onCall(Consumer<Call> listener) {
		this.listener = listener;
		return this;
	}

	/** How many calls of this kind arrived, faulty or not. */
	public int count(Call call) {
		AtomicInteger count = this.counts.get(call);
		return count == null ? 0 : count.get();
	}

	/** The request header of the last call of this kind, or {@code null}. */
	public String lastHeader(Call call, String name) {
		Map<String, List<String>> headers = this.lastHeaders.getOrDefault(call, Map.of());
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map((entry) -> entry.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

	public void reset() {
		this.rules.clear();
		this.counts.clear();
	}

	@Override
	public void close() {
		this.server.close();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI uri = exchange.getRequestURI();
			Call call = Call.of(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery());
			this.counts.computeIfAbsent(call, (c) -> new AtomicInteger()).incrementAndGet();
			this.lastHeaders.put(call, Map.copyOf(exchange.getRequestHeaders()));
			this.listener.accept(call);
			Fault fault = fault(call);
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (fault instanceof Fault.Status status) {
				byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + status.errorCode()
						+ "</Code><Message>injected by the test</Message><RequestId>faulty</RequestId></Error>")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/xml");
				exchange.sendResponseHeaders(status.code(), error.length);
				exchange.getResponseBody().write(error);
				return;
			}
			if (fault instanceof Fault.Delay delay) {
				sleep(delay.delay());
			}
			HttpResponse<InputStream> answer = forward(exchange, uri, body);
			answer.headers().map().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			byte[] content;
			try (InputStream in = answer.body()) {
				content = in.readAllBytes();
			}
			boolean head = "HEAD".equals(exchange.getRequestMethod());
			if (head) {
				answer.headers().firstValue("Content-Length")
					.ifPresent((length) -> exchange.getResponseHeaders().set("Content-Length", length));
				exchange.sendResponseHeaders(answer.statusCode(), -1);
				return;
			}
			if (fault instanceof Fault.Drop) {
				throw new DroppedConnection();
			}
			exchange.sendResponseHeaders(answer.statusCode(), content.length == 0 ? -1 : content.length);
			exchange.getResponseBody().write(content);
		}
		catch (DroppedConnection ex) {
			// The JDK server closes the connection of a handler that fails before answering.
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			// The client went away (or was killed) mid-call: nothing to answer.
		}
	}

	private static final class DroppedConnection extends RuntimeException {

		DroppedConnection() {
			super("connection dropped by the test", null, false, false);
		}

	}

	private Fault fault(Call call) {
		for (Rule rule : this.rules) {
			if (rule.call() != call || rule.times().get() <= 0) {
				continue;
			}
			if (rule.skip().getAndDecrement() > 0) {
				continue;
			}
			if (rule.times().getAndDecrement() > 0) {
				return rule.fault();
			}
		}
		return null;
	}

	private HttpResponse<InputStream> forward(HttpExchange exchange, URI uri, byte[] body) throws IOException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.upstream.toString().replaceAll("/+$", "") + uri.getRawPath()
					+ (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
			.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				for (String value : values) {
					request.header(name, value);
				}
			}
		});
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
