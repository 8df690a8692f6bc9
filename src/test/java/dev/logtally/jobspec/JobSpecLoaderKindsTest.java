package dev.logtally.jobspec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loader knows the kinds of source it is given, and no other: a kind's name, defaults, limits, credential roles,
 * options and targets come from the kind, so a new source is read by registering it.
 */
class JobSpecLoaderKindsTest {

	@TempDir
	Path dir;

	private static final String SPEC = """
			name: kinds
			destination:
			  path: archive
			sources:
			  - id: cls-gz
			    type: tencent-cls
			    endpoint: http://127.0.0.1:8080
			    topicRegion: ap-guangzhou
			    credentials:
			      user: {env: CLS_USER}
			    targets:
			      - topic: audit
			""";

	@Test
	void readsASourceOfAKindItIsGivenWithTheKindsDefaultsOptionsAndTargets() throws IOException {
		JobSpec spec = new JobSpecLoader(List.of(new TopicKind()), Map.of()).load(write(SPEC));

		SourceSpec source = spec.sources().get(0);
		assertThat(source.type()).isInstanceOf(TopicKind.class);
		assertThat(source.window()).isEqualTo(Duration.ofHours(2));
		assertThat(source.rateLimit()).isEqualTo(3.0);
		assertThat(source.pageSize()).isEqualTo(40);
		assertThat(source.timeZone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(source.options(TopicOptions.class)).isEqualTo(new TopicOptions("ap-guangzhou"));
		assertThat(source.targets()).containsExactly(new Topic("audit"));
		assertThat(source.credentials()).containsOnlyKeys("user");
	}

	@Test
	void refusesATypeNotAmongTheKindsItIsGivenListingThoseItKnows() throws IOException {
		Path file = write(SPEC.replace("type: tencent-cls", "type: tencent-scf"));

		assertThatThrownBy(() -> new JobSpecLoader(List.of(new TopicKind()), Map.of()).load(file))
			.isInstanceOf(SpecException.class)
			.hasMessageContaining("sources[0].type: \"tencent-scf\" is not one of: tencent-cls");
	}

	@Test
	void holdsASourceToItsKindsLimitsRolesAndFields() throws IOException {
		Path file = write(SPEC.replace("    topicRegion: ap-guangzhou\n",
				"    topicRegion: ap-guangzhou\n    window: 12h\n    pageSize: 5\n    region: x\n")
			.replace("      user: {env: CLS_USER}\n", "      password: {env: CLS_PASSWORD}\n")
			.replace("      - topic: audit\n", "      - topic: audit\n      - 7\n"));

		assertThatThrownBy(() -> new JobSpecLoader(List.of(new TopicKind()), Map.of()).load(file))
			.isInstanceOf(SpecException.class)
			.hasMessageContaining("sources[0].window: PT12H is longer than the PT6H maximum of tencent-cls windows")
			.hasMessageContaining("sources[0].pageSize: must be between 20 and 50")
			.hasMessageContaining("sources[0].region: unknown field")
			.hasMessageContaining("sources[0].credentials.password: unknown field (known: user)")
			.hasMessageContaining("sources[0].credentials.user: is required")
			.hasMessageContaining("sources[0].targets[1]: must be a mapping with at least topic");
	}

	@Test
	void aSourceThatAcceptsLogsLateHoldsNightlyRunsForItsOwnSettleDelayWhenThatIsLonger() throws IOException {
		JobSpecLoader loader = new JobSpecLoader(List.of(new TopicKind()), Map.of());
		String nightly = "nightly: {start: 2026-11-01, settleDelay: %s}\n";

		assertThat(loader.load(write(String.format(nightly, "2h") + SPEC)).settleDelay()).isEqualTo(Duration.ofHours(3));
		assertThat(loader.load(write(String.format(nightly, "4h") + SPEC)).settleDelay()).isEqualTo(Duration.ofHours(4));
	}

	@Test
	void refusesTwoKindsOfOneName() {
		assertThatThrownBy(() -> new JobSpecLoader(List.of(new TopicKind(), new TopicKind()), Map.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("two kinds of source are named tencent-cls");
	}

	private Path write(String yaml) throws IOException {
		Path file = this.dir.resolve("job.yaml");
		Files.writeString(file, yaml);
		return file;
	}

	/** A kind of source that only this test knows. */
	private record TopicKind() implements SourceType {

		@Override
		public String name() {
			return "tencent-cls";
		}

		@Override
		public SourceLimits limits() {
			return new SourceLimits(Duration.ofHours(6), Duration.ofHours(2), 3, 20, 40, 50);
		}

		@Override
		public @Nullable String defaultEndpoint() {
			return null;
		}

		@Override
		public ZoneId defaultTimeZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public List<String> requiredCredentials() {
			return List.of("user");
		}

		@Override
		public List<String> optionalCredentials() {
			return List.of();
		}

		@Override
		public Set<String> optionFields() {
			return Set.of("topicRegion");
		}

		@Override
		public @Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint) {
			String region = source.field("topicRegion").text(true);
			return region == null ? null : new TopicOptions(region);
		}

		@Override
		public String targetField() {
			return "topic";
		}

		@Override
		public @Nullable TargetSpec target(SpecNode target) {
			target.rejectUnknownFields(Set.of("topic"));
			String topic = target.field("topic").name();
			return topic == null ? null : new Topic(topic);
		}

	}

	/** Options of a source that accepts logs up to three hours late. */
	private record TopicOptions(String region) implements SourceOptions {

		@Override
		public Optional<Duration> minimumSettleDelay() {
			return Optional.of(Duration.ofHours(3));
		}

	}

	private record Topic(String id) implements TargetSpec {

		@Override
		public Map<String, String> parameters() {
			return Map.of("topic", this.id);
		}

	}

}
