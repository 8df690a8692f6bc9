package dev.logtally.jobspec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logtally.window.TimeArgument;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a job spec from YAML and validates it completely before anything runs. Every problem is reported at once,
 * each naming the file and the field ({@code sources[0].window: ...}). What is particular to a kind of source (its
 * defaults and limits, credential roles, options and targets) the kind reads itself ({@link SourceType}).
 */
public final class JobSpecLoader {

	/** The fields every source has, whatever its kind; a kind adds its own ({@link SourceType#optionFields()}). */
	public static final Set<String> SOURCE_FIELDS = Set.of("id", "type", "endpoint", "timeZone", "credentials",
			"window", "rateLimit", "pageSize", "timeout", "retry", "reread", "targets");

	private static final Duration ONE_DAY = Duration.ofDays(1);

	private static final ZoneId BEIJING = ZoneId.of("+08:00");

	/** Refuses a key given twice in one mapping: YAML's last-one-wins would silently drop the first value. */
	private final YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	private final Map<String, String> environment;

	/** The kinds of source a spec may name, by name, in the order {@code known} lists them. */
	private final Map<String, SourceType> types = new LinkedHashMap<>();

	/**
	 * @param types the kinds of source a spec may name ({@code SourceKinds.all()})
	 * @param environment where {@code env} credential references are looked up when the spec is resolved
	 */
	public JobSpecLoader(List<? extends SourceType> types, Map<String, String> environment) {
		for (SourceType type : types) {
			if (this.types.putIfAbsent(type.name(), type) != null) {
				throw new IllegalArgumentException("two kinds of source are named " + type.name());
			}
		}
		this.environment = environment;
	}

	/**
	 * Loads and validates a spec.
	 * @throws SpecException listing every problem, each with its field
	 */
	public JobSpec load(Path file) {
		Path absolute = file.toAbsolutePath().normalize();
		if (!Files.isRegularFile(absolute)) {
			throw new SpecException(file, List.of("file does not exist or is not a regular file"));
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(absolute);
		}
		catch (IOException ex) {
			throw new SpecException(file, List.of("cannot be read: " + ex.getMessage()));
		}
		JsonNode root;
		try {
			root = this.yaml.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new SpecException(file, List.of(unreadable(ex)));
		}
		List<String> problems = new ArrayList<>();
		Map<String, Integer> lines = lines(bytes);
		JobSpec spec = read(new SpecNode(root, "", problems, lines), absolute, sha256(bytes));
		SpecNode.reportEmptyValues(root, problems, lines);
		if (!problems.isEmpty()) {
			throw new SpecException(file, problems);
		}
		return spec;
	}

	/** The line of each value, by path. The bytes have just parsed, so this cannot fail but for a bug: then no lines. */
	private Map<String, Integer> lines(byte[] bytes) {
		try (JsonParser parser = this.yaml.createParser(bytes)) {
			return SpecNode.lines(parser);
		}
		catch (JacksonException ex) {
			return Map.of();
		}
	}

	/**
	 * The problem of a file the YAML parser gave up on, naming the field it was reading (as the loader's other problems
	 * do) and the line.
	 */
	private static String unreadable(JacksonException ex) {
		String field = ex.processor() instanceof JsonParser parser ? SpecNode.pathOf(parser.streamReadContext()) : "";
		String line = ex.getLocation() != null && ex.getLocation().getLineNr() > 0
				? " (line " + ex.getLocation().getLineNr() + ")" : "";
		// Jackson has no type of its own for a duplicate key, only this message (tested in JobSpecLoaderFuzzTest).
		if (ex instanceof StreamReadException && ex.getOriginalMessage().startsWith("Duplicate ") && !field.isEmpty()) {
			return field + ": is given twice; keep one" + line;
		}
		return (field.isEmpty() ? "" : field + ": ") + "is not valid YAML: " + ex.getOriginalMessage() + line;
	}

	/**
	 * Resolves every credential reference of the spec, so that a missing variable or unreadable file is reported before
	 * anything is written.
	 * @throws SpecException naming the field and the variable or file; never a value
	 */
	public Map<String, Map<String, Secret>> resolveCredentials(JobSpec spec) {
		List<String> problems = new ArrayList<>();
		Map<String, Map<String, Secret>> bySource = new LinkedHashMap<>();
		for (int i = 0; i < spec.sources().size(); i++) {
			SourceSpec source = spec.sources().get(i);
			Map<String, Secret> resolved = new LinkedHashMap<>();
			for (Map.Entry<String, CredentialRef> entry : source.credentials().entrySet()) {
				try {
					resolved.put(entry.getKey(), entry.getValue().resolve(this.environment));
				}
				catch (CredentialRef.CredentialException ex) {
					problems.add("sources[" + i + "].credentials." + entry.getKey() + ": " + ex.getMessage());
				}
			}
			bySource.put(source.id(), resolved);
		}
		if (!problems.isEmpty()) {
			throw new SpecException(spec.file(), problems);
		}
		return bySource;
	}

	/**
	 * Resolves the destination's credential references (an S3 destination that names its own), by role.
	 * @return empty for a local destination, or one that uses the AWS SDK's default credentials
	 * @throws SpecException naming the field and the variable or file; never a value
	 */
	public Map<String, Secret> resolveDestinationCredentials(JobSpec spec) {
		S3DestinationSpec s3 = spec.destination().s3();
		if (s3 == null) {
			return Map.of();
		}
		List<String> problems = new ArrayList<>();
		Map<String, Secret> resolved = new LinkedHashMap<>();
		for (Map.Entry<String, CredentialRef> entry : s3.credentials().entrySet()) {
			try {
				resolved.put(entry.getKey(), entry.getValue().resolve(this.environment));
			}
			catch (CredentialRef.CredentialException ex) {
				problems.add("destination.credentials." + entry.getKey() + ": " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new SpecException(spec.file(), problems);
		}
		return resolved;
	}

	private JobSpec read(SpecNode root, Path file, String sha256) {
		if (!root.isObject()) {
			root.problem("the spec must be a YAML mapping with name, destination and sources");
			return null;
		}
		root.rejectUnknownFields(Set.of("name", "zone", "destination", "chunkSize", "concurrency", "nightly",
				"sources", "signing", "reports"));
		String name = root.field("name").name();
		ZoneId zone = zone(root.field("zone"), BEIJING);
		DestinationSpec destination = destination(root.field("destination"), file.getParent());
		int chunkSize = root.field("chunkSize").integer(500, 1, 100_000);
		int concurrency = root.field("concurrency").integer(4, 1, 64);
		List<SourceSpec> sources = new ArrayList<>();
		SpecNode sourcesNode = root.field("sources");
		List<SpecNode> sourceNodes = sourcesNode.elements();
		if (sourceNodes.isEmpty() && (sourcesNode.isMissing() || !sourcesNode.isObject())) {
			sourcesNode.problem("at least one source is required");
		}
		Set<String> sourceIds = new HashSet<>();
		for (SpecNode sourceNode : sourceNodes) {
			SourceSpec source = source(sourceNode, file.getParent());
			if (source != null && !sourceIds.add(source.id())) {
				sourceNode.field("id").problem("\"" + source.id() + "\" is used by another source");
			}
			sources.add(source);
		}
		NightlySpec nightly = nightly(root.field("nightly"), zone);
		SigningSpec signing = signing(root.field("signing"), file.getParent());
		ReportsSpec reports = reports(root.field("reports"));
		return new JobSpec(file, name, zone, destination, chunkSize, concurrency, sources, sha256, nightly, signing,
				reports);
	}

	/** The job's {@code signing} section: at the job's level, as it is about who wrote the archive, not where. */
	private @Nullable SigningSpec signing(SpecNode node, Path base) {
		if (node.isMissing()) {
			return null;
		}
		if (!node.isObject()) {
			node.problem("must be a mapping with key ({file: PATH} or {env: VARIABLE}, an Ed25519 private key in "
					+ "PKCS#8 PEM) and keyId");
			return null;
		}
		node.rejectUnknownFields(Set.of("key", "keyId"));
		CredentialRef key = credential(node.field("key"), base, true).orElse(null);
		String keyId = node.field("keyId").name();
		return key == null || keyId == null ? null : new SigningSpec(key, keyId);
	}

	/**
	 * Reads the spec's signing key, so that a missing, unreadable or wrong key is reported before anything is written.
	 * @return the key, or {@code null} when the spec does not sign
	 * @throws SpecException naming {@code signing.key} and the variable or file, and why it is no Ed25519 private
	 *     key; never the key
	 */
	public @Nullable SigningKey resolveSigningKey(JobSpec spec) {
		SigningSpec signing = spec.signing();
		if (signing == null) {
			return null;
		}
		String where = signing.key() instanceof CredentialRef.File file ? "file " + file.path()
				: "environment variable " + ((CredentialRef.Env) signing.key()).variable();
		try {
			return new SigningKey(signing.keyId(), Ed25519Pem.privateKey(signing.key().resolve(this.environment)
				.reveal()));
		}
		catch (CredentialRef.CredentialException ex) {
			throw new SpecException(spec.file(), List.of("signing.key: " + ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			throw new SpecException(spec.file(), List.of("signing.key: " + where + " " + ex.getMessage()));
		}
	}

	/** {@code reports: {keep: 30}} (the newest 30 runs' reports) or {@code keep: 90d} (those of the last 90 days). */
	private static ReportsSpec reports(SpecNode node) {
		if (node.isMissing()) {
			return ReportsSpec.KEEP_ALL;
		}
		if (!node.isObject()) {
			node.problem("must be a mapping with keep: a count of runs (such as 30) or an age (such as 90d)");
			return ReportsSpec.KEEP_ALL;
		}
		node.rejectUnknownFields(Set.of("keep"));
		SpecNode keep = node.field("keep");
		if (keep.isMissing()) {
			return ReportsSpec.KEEP_ALL;
		}
		if (keep.isWholeNumber()) {
			return new ReportsSpec(keep.integer(30, 1, 1_000_000), null);
		}
		String text = keep.text(false);
		if (text == null) {
			return ReportsSpec.KEEP_ALL;
		}
		Duration age = SpecNode.parseDuration(text);
		if (age == null || age.isNegative() || age.isZero()) {
			keep.problem("\"" + text + "\" is neither a count of runs (such as 30) nor an age (such as 90d, 12h or P90D)");
			return ReportsSpec.KEEP_ALL;
		}
		return new ReportsSpec(null, age);
	}

	/** A cron expression of five fields (minute first) or six (second first), as Spring's six. */
	private static @Nullable String cron(SpecNode node) {
		String text = node.text(false);
		if (text == null) {
			return NightlySpec.DEFAULT_CRON;
		}
		String cron = text.strip().split("\\s+").length == 5 ? "0 " + text.strip() : text.strip();
		try {
			CronExpression.parse(cron);
			return cron;
		}
		catch (IllegalArgumentException ex) {
			node.problem("\"" + text + "\" is not a cron expression (minute hour day-of-month month day-of-week, "
					+ "such as \"15 3 * * *\"): " + ex.getMessage());
			return null;
		}
	}

	private static @Nullable NightlySpec nightly(SpecNode node, ZoneId zone) {
		if (node.isMissing()) {
			return null;
		}
		if (!node.isObject()) {
			node.problem("must be a mapping with start (such as 2026-11-01) and optionally settleDelay (such as 2h)");
			return null;
		}
		node.rejectUnknownFields(Set.of("start", "settleDelay", "cron"));
		Duration settleDelay = node.field("settleDelay").duration(NightlySpec.DEFAULT_SETTLE_DELAY);
		String cron = cron(node.field("cron"));
		String text = node.field("start").text(true);
		if (text == null || cron == null) {
			return null;
		}
		try {
			return new NightlySpec(TimeArgument.parse("the value", text, zone), settleDelay, cron);
		}
		catch (IllegalArgumentException ex) {
			node.field("start").problem(ex.getMessage());
			return null;
		}
	}

	private static final Set<String> S3_ONLY = Set.of("endpoint", "region", "pathStyle", "credentials", "encryption",
			"kmsKeyId", "storageClass", "objectLock", "partSizeMiB");

	private @Nullable DestinationSpec destination(SpecNode node, Path base) {
		if (!node.isObject()) {
			node.problem(node.isMissing() ? "is required (uri: s3://bucket/prefix or a local folder, and optionally "
					+ "compression: none|gzip)" : "must be a mapping with uri (or path) and compression");
			return null;
		}
		Set<String> known = new HashSet<>(S3_ONLY);
		known.addAll(Set.of("path", "uri", "compression", "headFile"));
		node.rejectUnknownFields(known);
		Compression compression = node.field("compression")
			.choice(Compression.NONE, (text) -> switch (text) {
				case "none" -> Compression.NONE;
				case "gzip" -> Compression.GZIP;
				default -> null;
			}, "none, gzip");
		Path headFile = headFile(node.field("headFile"), base);
		SpecNode pathNode = node.field("path");
		SpecNode uriNode = node.field("uri");
		if (pathNode.isMissing() == uriNode.isMissing()) {
			node.problem("give exactly one of uri (s3://bucket/prefix or a local folder) and path (a local folder)");
			return null;
		}
		SpecNode where = uriNode.isMissing() ? pathNode : uriNode;
		String text = where.text(true);
		if (text == null) {
			return null;
		}
		if (text.startsWith("s3://")) {
			if (where == pathNode) {
				pathNode.problem("\"" + text + "\" is an S3 URI: give it as uri");
				return null;
			}
			S3DestinationSpec s3 = s3Destination(node, uriNode, text.substring("s3://".length()), base);
			return s3 == null ? null : new DestinationSpec(null, s3, compression, headFile);
		}
		if (text.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
			where.problem("\"" + text + "\" is neither an s3:// URI nor a local folder");
			return null;
		}
		for (String field : S3_ONLY) {
			if (!node.field(field).isMissing()) {
				node.field(field).problem("applies only to s3:// destinations");
			}
		}
		Path root = base.resolve(text).normalize();
		if (headFile != null && headFile.startsWith(root)) {
			node.field("headFile").problem("\"" + headFile + "\" is inside the archive " + root + ": keep the head "
					+ "outside it, where verify does not take it for an object no manifest names");
			return null;
		}
		return new DestinationSpec(root, null, compression, headFile);
	}

	/** {@code destination.headFile}: a local file, relative to the spec's folder as {@code path} is. */
	private static @Nullable Path headFile(SpecNode node, Path base) {
		if (node.isMissing()) {
			return null;
		}
		String text = node.text(true);
		if (text == null) {
			return null;
		}
		if (text.isBlank() || text.endsWith("/") || text.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
			node.problem("\"" + text + "\" is not a local file (the head file is written on this machine, whatever "
					+ "the destination)");
			return null;
		}
		try {
			return base.resolve(text).normalize();
		}
		catch (InvalidPathException ex) {
			node.problem("\"" + text + "\" is not a file path: " + ex.getReason());
			return null;
		}
	}

	private @Nullable S3DestinationSpec s3Destination(SpecNode node, SpecNode uriNode, String location, Path base) {
		String bucket = S3DestinationSpec.bucketOf(location);
		String prefix = S3DestinationSpec.prefixOf(location);
		boolean valid = true;
		String bucketProblem = S3DestinationSpec.bucketProblem(bucket);
		if (bucketProblem != null) {
			uriNode.problem(bucketProblem);
			valid = false;
		}
		if (prefix.contains("//")) {
			uriNode.problem("the prefix \"" + prefix + "\" holds an empty path segment");
			valid = false;
		}
		URI endpoint = node.field("endpoint").isMissing() ? null : endpoint(node.field("endpoint"), null);
		String region = node.field("region").text("us-east-1");
		boolean pathStyle = node.field("pathStyle").bool(endpoint != null);
		Map<String, CredentialRef> credentials = new LinkedHashMap<>();
		SpecNode credentialsNode = node.field("credentials");
		if (!credentialsNode.isMissing()) {
			if (!credentialsNode.isObject()) {
				credentialsNode.problem("must be a mapping with accessKeyId and secretAccessKey, each as {env: VARIABLE} "
						+ "or {file: PATH}; leave it out for the AWS SDK's default credentials");
				valid = false;
			}
			else {
				credentialsNode.rejectUnknownFields(Set.of("accessKeyId", "secretAccessKey", "sessionToken"));
				credential(credentialsNode.field("accessKeyId"), base, true)
					.ifPresent((ref) -> credentials.put("accessKeyId", ref));
				credential(credentialsNode.field("secretAccessKey"), base, true)
					.ifPresent((ref) -> credentials.put("secretAccessKey", ref));
				credential(credentialsNode.field("sessionToken"), base, false)
					.ifPresent((ref) -> credentials.put("sessionToken", ref));
			}
		}
		String encryption = node.field("encryption").choice(null, (text) -> switch (text) {
			case "sse-s3" -> "AES256";
			case "sse-kms" -> "aws:kms";
			default -> null;
		}, "sse-s3, sse-kms");
		String kmsKeyId = node.field("kmsKeyId").text(false);
		if (kmsKeyId != null && !"aws:kms".equals(encryption)) {
			node.field("kmsKeyId").problem("applies only with encryption: sse-kms");
			valid = false;
		}
		String storageClass = node.field("storageClass").text(false);
		if (storageClass != null && !storageClass.matches("[A-Z_]+")) {
			node.field("storageClass").problem("\"" + storageClass + "\" is not an S3 storage class (such as "
					+ "STANDARD_IA, GLACIER_IR)");
			valid = false;
		}
		String lockMode = null;
		Duration retention = null;
		SpecNode lock = node.field("objectLock");
		if (!lock.isMissing()) {
			if (!lock.isObject()) {
				lock.problem("must be a mapping with mode (GOVERNANCE or COMPLIANCE) and retention (such as 2555d)");
				return null;
			}
			lock.rejectUnknownFields(Set.of("mode", "retention"));
			lockMode = lock.field("mode").choice(null,
					(text) -> Set.of("GOVERNANCE", "COMPLIANCE").contains(text) ? text : null, "GOVERNANCE, COMPLIANCE");
			if (lock.field("mode").isMissing()) {
				lock.field("mode").problem("is required: GOVERNANCE or COMPLIANCE");
			}
			retention = lock.field("retention").duration(null);
			if (lock.field("retention").isMissing()) {
				lock.field("retention").problem("is required, such as 2555d (seven years)");
			}
			else if (retention != null && (retention.isNegative() || retention.isZero())) {
				lock.field("retention").problem("must be positive");
				retention = null;
			}
			valid &= lockMode != null && retention != null;
		}
		// S3 takes parts of 5 MiB to 5 GiB.
		int partSizeMiB = node.field("partSizeMiB").integer(S3DestinationSpec.DEFAULT_PART_SIZE_MIB, 5, 5120);
		return valid ? new S3DestinationSpec(bucket, prefix, endpoint, region, pathStyle, credentials, encryption,
				kmsKeyId, storageClass, lockMode, retention, partSizeMiB) : null;
	}

	private @Nullable SourceSpec source(SpecNode node, Path base) {
		if (!node.isObject()) {
			node.problem("must be a mapping with id, type, endpoint, credentials and targets");
			return null;
		}
		SpecNode typeNode = node.field("type");
		String known = String.join(", ", this.types.keySet());
		SourceType type = typeNode.choice(null, this.types::get, known);
		if (typeNode.isMissing()) {
			typeNode.problem("is required (one of: " + known + ")");
		}
		if (type == null) {
			// Without a type the other fields cannot be judged; report only the type.
			return null;
		}
		Set<String> fields = new HashSet<>(SOURCE_FIELDS);
		fields.addAll(type.optionFields());
		node.rejectUnknownFields(fields);
		String id = node.field("id").name();
		URI endpoint = endpoint(node.field("endpoint"), type.defaultEndpoint());
		ZoneId timeZone = zone(node.field("timeZone"), type.defaultTimeZone());
		Map<String, CredentialRef> credentials = credentials(node.field("credentials"), base, type);
		Duration window = window(node.field("window"), type);
		SourceLimits limits = type.limits();
		double rateLimit = node.field("rateLimit").decimal(limits.defaultRateLimit(), 0.0);
		int pageSize = node.field("pageSize").integer(limits.defaultPageSize(), limits.minPageSize(),
				limits.maxPageSize());
		Duration timeout = node.field("timeout").duration(Duration.ofSeconds(30));
		RetrySpec retry = retry(node.field("retry"));
		RereadSpec reread = reread(node.field("reread"));
		SourceOptions options = type.options(node, endpoint);
		List<TargetSpec> targets = targets(node.field("targets"), type);
		if (id == null || endpoint == null || credentials == null || window == null || options == null) {
			return null;
		}
		return new SourceSpec(id, type, endpoint, timeZone, credentials, window, rateLimit, pageSize, timeout, retry,
				reread, options, targets);
	}

	private @Nullable URI endpoint(SpecNode node, @Nullable String defaultValue) {
		String text = defaultValue == null ? node.text(true) : node.text(defaultValue);
		if (text == null) {
			return null;
		}
		try {
			URI uri = new URI(text);
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				node.problem("\"" + text + "\" must be an http:// or https:// URL");
				return null;
			}
			if (uri.getHost() == null) {
				node.problem("\"" + text + "\" has no host");
				return null;
			}
			if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
					|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
				node.problem("\"" + text + "\" must be a base URL without path, query or fragment");
				return null;
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			node.problem("\"" + text + "\" is not a URL: " + ex.getReason());
			return null;
		}
	}

	private @Nullable Map<String, CredentialRef> credentials(SpecNode node, Path base, SourceType type) {
		String roles = String.join(" and ", type.requiredCredentials());
		if (!node.isObject()) {
			node.problem("is required: " + roles + ", each as {env: VARIABLE} or {file: PATH}");
			return null;
		}
		Set<String> known = new HashSet<>(type.requiredCredentials());
		known.addAll(type.optionalCredentials());
		node.rejectUnknownFields(known);
		Map<String, CredentialRef> refs = new LinkedHashMap<>();
		for (String role : type.requiredCredentials()) {
			credential(node.field(role), base, true).ifPresent((ref) -> refs.put(role, ref));
		}
		for (String role : type.optionalCredentials()) {
			credential(node.field(role), base, false).ifPresent((ref) -> refs.put(role, ref));
		}
		return refs;
	}

	private java.util.Optional<CredentialRef> credential(SpecNode node, Path base, boolean required) {
		if (node.isMissing()) {
			if (required) {
				node.problem("is required, as {env: VARIABLE} or {file: PATH}");
			}
			return java.util.Optional.empty();
		}
		return java.util.Optional.ofNullable(credentialRef(node, base));
	}

	private @Nullable CredentialRef credentialRef(SpecNode node, Path base) {
		if (!node.isObject()) {
			// Never echo the value: it may be the secret itself.
			node.problem("inline credential values are not allowed; use {env: VARIABLE} or {file: PATH}");
			return null;
		}
		node.rejectUnknownFields(Set.of("env", "file"));
		SpecNode env = node.field("env");
		SpecNode file = node.field("file");
		if (env.isMissing() == file.isMissing()) {
			node.problem("give exactly one of env or file");
			return null;
		}
		if (!env.isMissing()) {
			String variable = env.text(true);
			if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				env.problem("\"" + variable + "\" is not an environment variable name");
				return null;
			}
			return variable == null ? null : new CredentialRef.Env(variable);
		}
		String path = file.text(true);
		return path == null ? null : new CredentialRef.File(base.resolve(path).normalize());
	}

	private @Nullable Duration window(SpecNode node, SourceType type) {
		Duration window = node.duration(type.limits().defaultWindow());
		if (window == null) {
			return null;
		}
		if (window.compareTo(type.limits().maxWindow()) > 0) {
			node.problem(window + " is longer than the " + describe(type.limits().maxWindow()) + " maximum of "
					+ type.name() + " windows");
			return null;
		}
		boolean wholeDays = window.getSeconds() % ONE_DAY.getSeconds() == 0;
		if (window.toNanos() % 1_000_000_000L != 0 || (!wholeDays && ONE_DAY.getSeconds() % window.getSeconds() != 0)) {
			node.problem(window + " neither divides a day nor is a whole number of days "
					+ "(use for example 1h, 6h, 12h, 1d or 7d)");
			return null;
		}
		return window;
	}

	private RetrySpec retry(SpecNode node) {
		if (node.isMissing()) {
			return RetrySpec.DEFAULT;
		}
		if (!node.isObject()) {
			node.problem("must be a mapping with maxAttempts, initialBackoff and maxBackoff");
			return RetrySpec.DEFAULT;
		}
		node.rejectUnknownFields(Set.of("maxAttempts", "initialBackoff", "maxBackoff"));
		int maxAttempts = node.field("maxAttempts").integer(RetrySpec.DEFAULT.maxAttempts(), 1, 100);
		Duration initial = node.field("initialBackoff").duration(RetrySpec.DEFAULT.initialBackoff());
		Duration max = node.field("maxBackoff").duration(RetrySpec.DEFAULT.maxBackoff());
		if (initial != null && max != null && max.compareTo(initial) < 0) {
			node.field("maxBackoff").problem("must not be shorter than initialBackoff");
		}
		return new RetrySpec(maxAttempts, initial, max);
	}

	private RereadSpec reread(SpecNode node) {
		if (node.isMissing()) {
			return RereadSpec.DEFAULT;
		}
		if (!node.isObject()) {
			node.problem("must be a mapping with maxAttempts and wait");
			return RereadSpec.DEFAULT;
		}
		node.rejectUnknownFields(Set.of("maxAttempts", "wait"));
		int maxAttempts = node.field("maxAttempts").integer(RereadSpec.DEFAULT.maxAttempts(), 1, 20);
		Duration wait = node.field("wait").duration(RereadSpec.DEFAULT.delay());
		return new RereadSpec(maxAttempts, wait);
	}

	private List<TargetSpec> targets(SpecNode node, SourceType type) {
		List<SpecNode> nodes = node.elements();
		if (nodes.isEmpty()) {
			node.problem("at least one target is required");
		}
		List<TargetSpec> targets = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (SpecNode target : nodes) {
			if (!target.isObject()) {
				target.problem("must be a mapping with at least " + type.targetField());
				continue;
			}
			TargetSpec spec = type.target(target);
			if (spec == null) {
				continue;
			}
			if (!ids.add(spec.id())) {
				target.field("id").problem("\"" + spec.id() + "\" is used by another target of this source; "
						+ "give each target a distinct id");
				continue;
			}
			targets.add(spec);
		}
		return targets;
	}

	private static ZoneId zone(SpecNode node, ZoneId defaultValue) {
		String text = node.text(false);
		if (text == null) {
			return defaultValue;
		}
		try {
			return ZoneId.of(text);
		}
		catch (DateTimeException ex) {
			node.problem("\"" + text + "\" is not a time zone (use an offset like \"+08:00\" in quotes, or a region like Asia/Shanghai)");
			return defaultValue;
		}
	}

	private static String describe(Duration duration) {
		return duration.getSeconds() % ONE_DAY.getSeconds() == 0 ? duration.toDays() + "-day" : duration.toString();
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
