package dev.logtally.source.rds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.logtally.http.ErrorBody;
import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.http.SourceHttp;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.tally.FileSystemFault;
import dev.logtally.window.Window;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A client for Huawei Cloud RDS audit logs on the JDK {@link HttpClient}: {@code ListAuditlogs}, {@code
 * auditlog-links} (both signed with SDK-HMAC-SHA256 and drawn from the AK's rate budget), and the download of a file
 * through one of its links (OBS, unsigned, not rate limited), streamed to disk with its SHA-256.
 */
public final class RdsApiClient {

	private static final JsonFactory JSON = new JsonFactory();

	private static final int BUFFER = 64 * 1024;

	private final SourceSpec source;

	private final RdsOptions options;

	private final RdsCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final URI base;

	private final String hostHeader;

	private final RdsResponseParser parser = new RdsResponseParser();

	public RdsApiClient(SourceSpec source, RdsCredentials credentials, SourceConnection connection) {
		this.source = source;
		this.options = source.options(RdsOptions.class);
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		this.base = source.endpoint().resolve("/");
		int port = this.base.getPort();
		this.hostHeader = this.base.getHost() + (port == -1 || (port == 443 && "https".equals(this.base.getScheme()))
				|| (port == 80 && "http".equals(this.base.getScheme())) ? "" : ":" + port);
	}

	/** One page of the files listed for {@code window}: {@code [start, end - 1s]}, in the source's offset. */
	public RdsResponseParser.Listing list(RdsTarget target, Window window, int offset, int limit) {
		DateTimeFormatter time = RdsResponseParser.TIME.withZone(this.source.timeZone());
		Map<String, String> query = new LinkedHashMap<>();
		query.put("start_time", time.format(window.start()));
		query.put("end_time", time.format(window.end().minusSeconds(1)));
		query.put("offset", Integer.toString(offset));
		query.put("limit", Integer.toString(limit));
		String context = context(target) + ", window " + window + ", offset " + offset;
		return this.retry.call(() -> call(context, "GET", path(target, "auditlog"), query, null, this.parser::listing));
	}

	/** Download links for {@code ids} (at most 50), in the same order. */
	public List<URI> links(RdsTarget target, List<String> ids) {
		byte[] body = linksBody(ids);
		String context = context(target) + ", " + ids.size() + " audit-log links";
		List<URI> links = this.retry.call(() -> call(context, "POST", path(target, "auditlog-links"), Map.of(), body,
				this.parser::links));
		if (links.size() != ids.size()) {
			throw new SourceException(SourceException.Kind.MALFORMED, context + ": " + links.size()
					+ " links for " + ids.size() + " ids");
		}
		return links;
	}

	/** What became of a download. */
	public sealed interface Download permits Downloaded, Expired {
	}

	/** The file is on disk under its final name. */
	public record Downloaded(long bytes, String sha256) implements Download {
	}

	/** The link had expired (or was unknown): ask for a new one. */
	public record Expired(int status) implements Download {
	}

	/**
	 * Streams the file behind {@code link} into {@code target}, through {@code target.part}, hashing it on the way; a
	 * transfer cut short is retried. Nothing of the file is held in memory beyond a buffer.
	 */
	public Download download(RdsTarget target, String id, URI link, Path file) {
		String context = context(target) + ", audit-log file " + id;
		return this.retry.call(() -> transfer(context, link, file));
	}

	private Download transfer(String context, URI link, Path file) {
		HttpRequest request = HttpRequest.newBuilder(link).timeout(this.source.timeout()).GET().build();
		HttpResponse<InputStream> response = SourceHttp.send(this.http, () -> request, RateBudget.UNLIMITED, context,
				URI.create(link.getScheme() + "://" + link.getAuthority()));
		Path part = file.resolveSibling(file.getFileName() + ".part");
		try (InputStream in = response.body()) {
			int status = response.statusCode();
			if (status == 403 || status == 404) {
				in.transferTo(OutputStream.nullOutputStream());
				return new Expired(status);
			}
			if (status != 200) {
				in.transferTo(OutputStream.nullOutputStream());
				throw new SourceException(status >= 500 ? SourceException.Kind.SERVER : SourceException.Kind.REJECTED,
						context + ": download answered HTTP " + status);
			}
			MessageDigest sha256 = sha256();
			long bytes;
			try (FileChannel channel = openPart(part)) {
				OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256);
				bytes = copy(in, out, part);
				try {
					channel.force(true);
				}
				catch (IOException ex) {
					throw FileSystemFault.writing(part, ex);
				}
			}
			try {
				Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw FileSystemFault.writing(file, ex);
			}
			return new Downloaded(bytes, HexFormat.of().formatHex(sha256.digest()));
		}
		catch (IOException ex) {
			throw new SourceException(SourceException.Kind.NETWORK,
					context + ": download cut off (" + ex.getClass().getSimpleName()
							+ (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + ")", ex);
		}
	}

	/**
	 * The local file a download goes to, its folder created. A failure here is the disk's, never the network's: it is
	 * not retried as a download cut off.
	 */
	private static FileChannel openPart(Path part) {
		try {
			Files.createDirectories(part.getParent());
			return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			throw FileSystemFault.writing(part, ex);
		}
	}

	/**
	 * Copies the body to the file: a failed read is the network's (an IOException, retried), a failed write the disk's
	 * (a {@link FileSystemFault}, or an unchecked I/O failure naming the file, not retried).
	 */
	private static long copy(InputStream in, OutputStream out, Path part) throws IOException {
		byte[] buffer = new byte[BUFFER];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) >= 0) {
			try {
				out.write(buffer, 0, read);
			}
			catch (IOException ex) {
				throw FileSystemFault.writing(part, ex);
			}
			total += read;
		}
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw FileSystemFault.writing(part, ex);
		}
		return total;
	}

	private <T> T call(String context, String method, String path, Map<String, String> query, byte[] body,
			Function<InputStream, T> reader) {
		return SourceHttp.exchange(this.http, () -> sign(method, path, query, body), this.budget, context, this.base,
				(response, in) -> {
					int status = response.statusCode();
					if (status != 200) {
						Optional<ErrorBody> error = ErrorBody.read(in, "error_code", "error_msg");
						throw classify(context, status, error.map(ErrorBody::code).orElse(null),
								error.map(ErrorBody::message).orElse(""));
					}
					return reader.apply(in);
				});
	}

	static SourceException classify(String context, int status, String code, String message) {
		String what = context + ": HTTP " + status + (code == null ? "" : " " + code + ": " + message);
		if (status == 429) {
			return new SourceException(SourceException.Kind.THROTTLED, what);
		}
		if (status >= 500) {
			return new SourceException(SourceException.Kind.SERVER, what);
		}
		if (status == 401 || status == 403) {
			return new SourceException(SourceException.Kind.AUTH, what + " (check the credentials and permissions "
					+ "this source references)");
		}
		if (status == 404 && code != null && code.startsWith("APIGW.")) {
			// The API gateway knows no such route: the source's endpoint is wrong, whatever the instance.
			return new SourceException(SourceException.Kind.REJECTED, what + " (check the source's endpoint)");
		}
		if (status == 404) {
			return new SourceException(SourceException.Kind.NOT_FOUND, what);
		}
		return new SourceException(SourceException.Kind.REJECTED, what);
	}

	private HttpRequest sign(String method, String path, Map<String, String> query, byte[] body) {
		String date = HuaweiSigner.sdkDate(this.clock.instant());
		Map<String, String> signed = new LinkedHashMap<>();
		signed.put("host", this.hostHeader);
		signed.put("x-sdk-date", date);
		signed.put("x-project-id", this.options.projectId());
		if (this.credentials.securityToken() != null) {
			signed.put("x-security-token", this.credentials.securityToken().reveal());
		}
		HuaweiSigner.Signature signature = HuaweiSigner.sign(this.credentials.secretKey().reveal(), date,
				HuaweiSigner.Input.of(method, path, query, signed, body == null ? new byte[0] : body));
		StringBuilder url = new StringBuilder(path);
		String separator = "?";
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			url.append(separator)
				.append(HuaweiSigner.encode(parameter.getKey()))
				.append('=')
				.append(HuaweiSigner.encode(parameter.getValue()));
			separator = "&";
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(url.toString()))
			.timeout(this.source.timeout())
			.header("Authorization", signature.authorization(this.credentials.accessKey()))
			.header(HuaweiSigner.X_SDK_DATE, date)
			.header("X-Project-Id", this.options.projectId())
			.header("Content-Type", "application/json");
		if (this.credentials.securityToken() != null) {
			request.header("X-Security-Token", this.credentials.securityToken().reveal());
		}
		return request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(body)).build();
	}

	private String path(RdsTarget target, String resource) {
		return "/v3/" + this.options.projectId() + "/instances/" + target.instance() + "/" + resource;
	}

	private static byte[] linksBody(List<String> ids) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeName("ids");
			json.writeStartArray();
			for (String id : ids) {
				json.writeString(id);
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/** Names what was asked, for messages: source, project and instance. */
	String context(RdsTarget target) {
		return "source " + this.source.id() + ", project " + this.options.projectId() + ", instance "
				+ target.instance();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
