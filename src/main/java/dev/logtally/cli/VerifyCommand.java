package dev.logtally.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;


import dev.logtally.archive.ArchiveStore;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.ArchiveVerifier;
import dev.logtally.archive.ChainAnchor;
import dev.logtally.archive.ChainHead;
import dev.logtally.archive.LocalDirectoryStore;
import dev.logtally.archive.s3.S3ArchiveStore;
import dev.logtally.archive.s3.S3Credentials;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.jobspec.S3DestinationSpec;
import dev.logtally.jobspec.SpecException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code logtally verify <destination>}: checks an archive against its manifests and prints one line per problem.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Verifies an archive: every run manifest's link to the one before it, every window manifest "
				+ "against its run manifest and against itself (its verdict against its counts), every object's size, SHA-256 and record count against its window "
				+ "manifest, and objects no manifest names.", "Exit code 0 when the archive is intact, 5 otherwise.",
				"With --expect-head or --expect-head-file, each chain must still reach the head kept outside the "
						+ "archive.",
				"An s3:// archive is read with the AWS SDK's default credentials (environment, profile, instance "
						+ "role), or with those of the job spec given by --job.",
				"With --public-key, every run manifest must be signed by one of the keys given (see logtally keygen "
						+ "and the spec's signing section); without, signatures are counted, not checked." })
final class VerifyCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Parameters(index = "0", arity = "0..1", paramLabel = "<destination>",
			description = "The archive: a local directory or s3://bucket/prefix. Default: the destination of --job.")
	@Nullable String destination;

	@Option(names = { "-j", "--job" }, paramLabel = "SPEC",
			description = "Read the archive of this job spec, with its S3 endpoint, region and credentials.")
	@Nullable Path job;

	@Option(names = "--endpoint", paramLabel = "URL",
			description = "The endpoint of an S3-compatible store (implies path-style addressing).")
	@Nullable URI endpoint;

	@Option(names = "--region", paramLabel = "REGION", description = "The S3 signing region. Default: us-east-1.")
	String region = "us-east-1";

	@Option(names = "--public-key", paramLabel = "FILE",
			description = { "An Ed25519 public key (PEM) that run manifests may be signed with. Its key id is its "
					+ "file name without the .pub at its end, as logtally keygen names it. Repeat it for every key "
					+ "the job has signed with (rotation). Then an unsigned run manifest, an unknown key id or a "
					+ "signature that does not hold makes the archive not intact." })
	List<Path> publicKeys = new ArrayList<>();

	@Option(names = "--expect-head", paramLabel = "HEAD_SHA256",
			description = { "A run manifest's SHA-256 kept outside the archive (repeatable): its job's chain must still "
					+ "reach it, walking back from its newest run manifest; otherwise the archive is not intact "
					+ "(runs removed, or the chain replaced). Runs appended since are fine." })
	List<String> expectedHeads = new ArrayList<>();

	@Option(names = "--expect-head-file", paramLabel = "FILE",
			description = { "A head file a run wrote (destination.headFile), kept outside the archive (repeatable): "
					+ "checked as --expect-head, and its run manifest's key and sequence too." })
	List<Path> expectedHeadFiles = new ArrayList<>();

	@Option(names = "--parallel", paramLabel = "N",
			description = { "Objects read at once, at most (1-" + ArchiveVerifier.MAX_PARALLELISM + "). Each is "
					+ "streamed through SHA-256, never held whole, so memory stays flat whatever N and the objects' "
					+ "sizes. Default: twice the cores, at most 4, for a local directory; "
					+ ArchiveVerifier.S3_PARALLELISM + " for S3. 1 reads them one by one. "
					+ "The problems printed and their order do not depend on it." })
	@Nullable Integer parallel;

	private final Map<String, String> environment;

	private final Clock clock;

	VerifyCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	VerifyCommand(Map<String, String> environment, Clock clock) {
		this.environment = environment;
		this.clock = clock;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.command.commandLine().getOut();
		PrintWriter err = this.command.commandLine().getErr();
		String where = this.destination;
		if (this.parallel != null && (this.parallel < 1 || this.parallel > ArchiveVerifier.MAX_PARALLELISM)) {
			return invalid(err, "--parallel must be between 1 and " + ArchiveVerifier.MAX_PARALLELISM + ", not "
					+ this.parallel);
		}
		try {
			Map<String, PublicKey> keys = PublicKeyFiles.read(this.publicKeys);
			List<ChainAnchor.Expected> heads = expectedHeads();
			ArchiveStore store;
			if (this.job != null) {
				JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), this.environment);
				JobSpec spec = loader.load(this.job);
				if (where != null && !where.equals(spec.destination().describe())) {
					return invalid(err, "--job " + this.job + " writes to " + spec.destination().describe() + ", not "
							+ where + ": give one of them");
				}
				where = spec.destination().describe();
				if (spec.destination().isS3()) {
					store = s3(spec.destination().s3(),
							S3Credentials.provider(loader.resolveDestinationCredentials(spec)));
				}
				else if (Files.isDirectory(spec.destination().root())) {
					store = new LocalDirectoryStore(spec.destination().root());
				}
				else {
					return invalid(err, spec.destination().root() + " is not a directory");
				}
			}
			else if (where == null) {
				return invalid(err, "give the archive to verify: a directory, s3://bucket/prefix, or --job SPEC.yaml");
			}
			else if (where.startsWith("s3://")) {
				store = s3(S3DestinationSpec.forReading(where, this.endpoint, this.region, this.endpoint != null),
						DefaultCredentialsProvider.builder().build());
			}
			else {
				Path root = Path.of(where).toAbsolutePath().normalize();
				if (!Files.isDirectory(root)) {
					return invalid(err, root + " is not a directory");
				}
				store = new LocalDirectoryStore(root);
			}
			try (store) {
				store.probe();
				int reads = this.parallel != null ? this.parallel : ArchiveVerifier.defaultParallelism(store);
				return verify(new ArchiveVerifier(store, keys, reads), where, heads, out, err);
			}
			catch (ArchiveStoreException ex) {
				return invalid(err, ex.getMessage());
			}
		}
		catch (SpecException | IllegalArgumentException ex) {
			return invalid(err, ex.getMessage());
		}
	}

	/** A store to read from: it never writes, so its scratch folder is never created. */
	private ArchiveStore s3(S3DestinationSpec s3, AwsCredentialsProvider credentials) {
		return S3ArchiveStore.create(s3, credentials, S3ArchiveStore.Settings.DEFAULT, this.clock,
				Path.of(System.getProperty("java.io.tmpdir"), "logtally-verify"));
	}

	private static int invalid(PrintWriter err, String message) {
		err.println("logtally: " + message);
		return ExitCode.INVALID_INPUT.code();
	}

	/**
	 * The heads to find, read before the archive is: a bad head file or hash is the caller's mistake (exit 2), not a
	 * finding about the archive.
	 * @throws IllegalArgumentException naming the option or the file, and the field
	 */
	private List<ChainAnchor.Expected> expectedHeads() {
		List<ChainAnchor.Expected> heads = new ArrayList<>();
		for (String sha256 : this.expectedHeads) {
			String hex = sha256.strip().toLowerCase(Locale.ROOT);
			if (!hex.matches("[0-9a-f]{64}")) {
				throw new IllegalArgumentException("--expect-head " + sha256
						+ " is not a SHA-256 (64 hexadecimal digits, as verify prints a chain's end)");
			}
			heads.add(ChainAnchor.Expected.of(hex));
		}
		for (Path file : this.expectedHeadFiles) {
			heads.add(ChainAnchor.Expected.of(file, ChainHead.read(file)));
		}
		return heads;
	}

	private static int verify(ArchiveVerifier verifier, String destination,
			List<ChainAnchor.Expected> heads, PrintWriter out, PrintWriter err) {
		ArchiveVerifier.Report report;
		ChainAnchor.Result anchored;
		try {
			report = verifier.verify();
			anchored = verifier.chainAnchor().check(heads);
		}
		catch (ArchiveStoreException ex) {
			err.println("logtally: cannot read the archive: " + ex.getMessage());
			return ExitCode.FAILED.code();
		}
		if (report.objects() == 0) {
			// A mistyped prefix must not pass as an intact archive.
			err.println("logtally: " + destination + " holds no objects: there is no archive to verify");
			return ExitCode.INVALID_INPUT.code();
		}
		List<ArchiveVerifier.Problem> problems = new ArrayList<>(report.problems());
		problems.addAll(anchored.problems());
		for (ArchiveVerifier.Problem problem : problems) {
			out.println(problem.line());
		}
		// The end of each chain, to keep outside the archive: only there can a removed last run manifest be noticed.
		report.heads().forEach((job, head) -> out.println("last run manifest of " + job + ": " + head.key()
				+ " sha256 " + head.sha256()));
		if (report.signatures() != null) {
			out.println(report.signatures());
		}
		anchored.found().forEach(out::println);
		out.println(destination + ": " + report.objects() + " objects, " + report.windows() + " window manifests, "
				+ report.runManifests() + " run manifests: "
				+ (problems.isEmpty() ? "intact" : problems.size() + " problems"));
		return problems.isEmpty() ? ExitCode.OK.code() : ExitCode.NOT_INTACT.code();
	}

}
