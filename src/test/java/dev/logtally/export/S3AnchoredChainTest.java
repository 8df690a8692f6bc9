package dev.logtally.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.logtally.archive.ChainHead;
import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.S3Specs;
import dev.logtally.testing.S3TestBucket;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain head of an S3 archive: written to a local head file by each run, and checked by
 * {@code verify --job ... --expect-head-file} against the bucket (S3Mock).
 */
class S3AnchoredChainTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String PREFIX = "anchored";

	private static final String RUN_2 = "_runs/s3-anchor/000002.json";

	@RegisterExtension
	static final S3MockExtension S3 = S3TestBucket.server();

	@TempDir
	Path dir;

	@Test
	void theHeadOfAnS3ArchiveIsWrittenLocallyAndItsRemovalFromTheBucketFailsVerify() throws Exception {
		try (S3TestBucket bucket = new S3TestBucket(S3);
				ScfEmulator scf = ScfEmulator.builder()
					.credential("AKIDs3anchor", "s3-anchor-key")
					.dataset(ScfDataset.builder(41)
						.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 300)
						.build())
					.rateLimitPerSecond(0)
					.build()
					.start()) {
			String yaml = SpecBuilder.forEndpoint(scf.endpoint())
				.name("s3-anchor")
				.destination(this.dir.resolve("unused"))
				.headFile("heads/s3-anchor.json")
				.credentialFiles(this.dir.resolve("scf-credentials"), "AKIDs3anchor", "s3-anchor-key")
				.function("fn-a")
				.yaml();
			Path spec = S3Specs.write(this.dir.resolve("s3.yaml"), S3Specs.toS3(yaml,
					"s3://" + S3TestBucket.BUCKET + "/" + PREFIX, bucket.endpoint(), this.dir.resolve("aws"),
					"AKIAS3ANCHOR0000001", "s3AnchorSecretValue", 5));
			for (String[] range : new String[][] { { "2026-11-01", "2026-11-02" }, { "2026-11-02", "2026-11-03" } }) {
				CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", range[0], "--to", range[1],
						"--home", this.dir.resolve("home").toString());
				assertThat(run.exitCode()).as(run.output()).isZero();
			}
			Path kept = Files.copy(this.dir.resolve("heads/s3-anchor.json"), this.dir.resolve("kept.json"));
			ChainHead head = ChainHead.read(kept);

			assertThat(head).isEqualTo(new ChainHead("s3-anchor", 2, RUN_2,
					Sha256.of(bucket.objects(PREFIX).get(RUN_2)), "s3://" + S3TestBucket.BUCKET + "/" + PREFIX));
			assertThat(Files.readString(kept)).doesNotContain("s3AnchorSecretValue").doesNotContain("AKIAS3ANCHOR");
			CliRun intact = CliRun.of("verify", "--job", spec.toString(), "--expect-head-file", kept.toString());
			assertThat(intact.exitCode()).as(intact.output()).isZero();
			assertThat(intact.out()).contains("expected head of s3-anchor found: " + RUN_2);

			// The newest run manifest and every object of the day only it wrote, removed from the bucket.
			for (String key : bucket.objects(PREFIX).keySet()) {
				if (key.equals(RUN_2) || key.contains("dt=2026-11-02")) {
					bucket.client().deleteObject((request) -> request.bucket(S3TestBucket.BUCKET)
						.key(PREFIX + "/" + key));
				}
			}
			CliRun alone = CliRun.of("verify", "--job", spec.toString());
			CliRun anchored = CliRun.of("verify", "--job", spec.toString(), "--expect-head-file", kept.toString());

			assertThat(alone.exitCode()).as(alone.output()).isZero();
			assertThat(anchored.exitCode()).as(anchored.output()).isEqualTo(5);
			assertThat(anchored.out()).contains("UNANCHORED " + RUN_2 + ": the head file " + kept
					+ " expects sequence 2 of s3-anchor with SHA-256 " + head.sha256() + ", which the chain does not "
					+ "reach: " + RUN_2 + " is missing, and the chain ends with _runs/s3-anchor/000001.json sha256 ");
		}
	}

}
