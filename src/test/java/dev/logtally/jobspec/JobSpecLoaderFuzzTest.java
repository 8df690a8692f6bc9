package dev.logtally.jobspec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.logtally.source.SourceKinds;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever a hand-edited spec holds, the loader either accepts it or refuses it with a {@link SpecException} that names
 * the file, the field and its line; never another exception. For a valid spec of each kind, every field in turn gets each value
 * of a wrong type, and every key is written twice. The cases are generated from the specs, so a field added to them is
 * fuzzed too.
 */
class JobSpecLoaderFuzzTest {

	/** SCF API 3.0 with every optional field, a local destination and a nightly section. */
	private static final String SCF = """
			name: scf-nightly
			zone: "+08:00"
			chunkSize: 500
			concurrency: 4
			nightly:
			  start: 2026-11-01
			  settleDelay: 2h
			  cron: "15 3 * * *"
			destination:
			  path: archive
			  compression: gzip
			sources:
			  - id: scf-gz
			    type: tencent-scf
			    endpoint: http://127.0.0.1:8080
			    region: ap-guangzhou
			    service: scf
			    timeZone: Asia/Shanghai
			    credentials:
			      secretId: {env: SCF_SECRET_ID}
			      secretKey: {file: secrets/scf-key}
			      token: {env: SCF_TOKEN}
			    window: 6h
			    rateLimit: 2.5
			    pageSize: 100
			    timeout: 30s
			    retry: {maxAttempts: 6, initialBackoff: 1s, maxBackoff: 30s}
			    reread: {maxAttempts: 3, wait: 2s}
			    targets:
			      - function: order-api
			      - id: order-api-errors
			        function: order-api
			        namespace: prod
			        qualifier: $LATEST
			        retCode: not0
			reports:
			  keep: 90d
			""";

	/** Legacy SCF with every option it takes, into an S3 destination with every option it takes. */
	private static final String LEGACY_TO_S3 = """
			name: scf-legacy
			destination:
			  uri: s3://audit-archive/logtally/prod/
			  compression: none
			  endpoint: http://127.0.0.1:9090
			  region: eu-west-1
			  pathStyle: true
			  credentials:
			    accessKeyId: {env: ARCHIVE_KEY_ID}
			    secretAccessKey: {file: secrets/archive-key}
			    sessionToken: {env: ARCHIVE_TOKEN}
			  encryption: sse-kms
			  kmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd
			  storageClass: STANDARD_IA
			  objectLock: {mode: COMPLIANCE, retention: 2555d}
			  partSizeMiB: 16
			  headFile: /var/lib/logtally/heads/scf-legacy.json
			sources:
			  - id: scf-legacy
			    type: tencent-scf-legacy
			    endpoint: http://127.0.0.1:8081
			    region: ap-guangzhou
			    signatureMethod: HmacSHA1
			    httpMethod: GET
			    signingHost: scf.api.qcloud.com
			    offsetCap: 10000
			    credentials:
			      secretId: {env: SCF_SECRET_ID}
			      secretKey: {env: SCF_SECRET_KEY}
			    targets:
			      - function: order-api
			        retCode: not0
			""";

	private static final String SLS = """
			name: sls-audit
			destination: {path: archive}
			sources:
			  - id: sls-hz
			    type: aliyun-sls
			    endpoint: https://cn-hangzhou.log.aliyuncs.com
			    project: my-project
			    settleDelay: 15m
			    incomplete: {maxAttempts: 20, maxTime: 5m}
			    credentials:
			      accessKeyId: {env: ALI_AK}
			      accessKeySecret: {env: ALI_SK}
			      securityToken: {env: ALI_TOKEN}
			    window: 1h
			    pageSize: 100
			    targets:
			      - logstore: app-log
			      - id: app-errors
			        logstore: app-log
			        topic: web
			        query: "level: ERROR"
			""";

	private static final String RDS = """
			name: rds-audit
			destination: {path: archive}
			sources:
			  - id: rds-bj
			    type: huawei-rds
			    endpoint: https://rds.cn-north-4.myhuaweicloud.com
			    projectId: 0483b6b16e954cb88930a360d2c4e663
			    downloadFiles: false
			    credentials:
			      accessKey: {env: HW_AK}
			      secretKey: {env: HW_SK}
			    window: 30d
			    pageSize: 50
			    targets:
			      - id: rds-main
			        instance: cee5265e1e5845649e354841234567dfin01
			""";

	private static final Map<String, String> SPECS = Map.of("scf", SCF, "legacy-s3", LEGACY_TO_S3, "sls", SLS, "rds",
			RDS);

	/** What replaces a field's value, written as YAML. */
	enum Wrong {

		LIST("[1, 2]"), MAPPING("{a: 1}"), TEXT("\"not a value\""), BOOLEAN("true"), EMPTY(""),
		HUGE_INTEGER("99999999999999999999999"), NEGATIVE("-5"), FRACTION("0.5"),
		/** The key written a second time, value and all. */
		DUPLICATE_KEY(null);

		final String yaml;

		Wrong(String yaml) {
			this.yaml = yaml;
		}

	}

	@TempDir
	Path dir;

	@TestFactory
	Stream<DynamicTest> everyValidSpecLoads() {
		return SPECS.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((spec) -> DynamicTest.dynamicTest(spec.getKey(), () -> new JobSpecLoader(SourceKinds.all(), Map.of())
				.load(write(spec.getKey() + ".yaml", render(tree(spec.getValue()), null, null)))));
	}

	@TestFactory
	Stream<DynamicTest> everyWrongValueOfEveryFieldIsRefusedNamingFileAndField() {
		List<DynamicTest> tests = new ArrayList<>();
		SPECS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((spec) -> {
			JsonNode root = tree(spec.getValue());
			for (Field field : fields(root, "", false)) {
				for (Wrong wrong : Wrong.values()) {
					if (wrong == Wrong.DUPLICATE_KEY && !field.isKey() || wrong == Wrong.BOOLEAN && field.value().isBoolean()) {
						continue;
					}
					String name = spec.getKey() + ": " + field.path() + " " + wrong;
					String yaml = render(root, field.path(), wrong);
					tests.add(DynamicTest.dynamicTest(name, () -> {
						Path file = write("case-" + tests.size() + ".yaml", yaml);
						Throwable thrown = catchThrowable(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file));
						if (thrown == null) {
							assertThat(mustBeRefused(field.value(), wrong)).as("accepted:\n" + yaml).isFalse();
							return;
						}
						assertThat(thrown).as(yaml).isExactlyInstanceOf(SpecException.class);
						assertThat(thrown.getMessage()).as(yaml).startsWith("job spec " + file);
						if (mustBeRefused(field.value(), wrong)) {
							assertThat(((SpecException) thrown).problems()).as(yaml)
								.anyMatch((problem) -> names(problem, field.path()) && problem.matches(".* \\(line \\d+\\)"));
						}
					}));
				}
			}
		});
		return tests.stream();
	}

	@Test
	void refusesAZoneGivenTwiceNamingItsLineRatherThanTakingTheLast() {
		Path file = write("zone-twice.yaml", SCF.replace("zone: \"+08:00\"\n", "zone: \"+08:00\"\nzone: UTC\n"));

		Throwable thrown = catchThrowable(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file));

		assertThat(thrown).isExactlyInstanceOf(SpecException.class)
			.hasMessage("job spec " + file + ": zone: is given twice; keep one (line 3)");
	}

	@Test
	void refusesAKeyGivenTwiceDeepInsideAListNamingItsPath() {
		Path file = write("retcode-twice.yaml",
				SCF.replace("        retCode: not0\n", "        retCode: not0\n        retCode: is0\n"));

		Throwable thrown = catchThrowable(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file));

		assertThat(thrown).isExactlyInstanceOf(SpecException.class)
			.hasMessage("job spec " + file + ": sources[0].targets[1].retCode: is given twice; keep one (line 36)");
	}

	/**
	 * Whether this replacement can never be right for a field holding {@code original}: anything unlike a whole number,
	 * mapping or list where one is, anything but true or false where that is, a container, a boolean or a fraction where
	 * text is, and an empty value or a second key anywhere. A text or a number in a text field may be a valid value.
	 */
	private static boolean mustBeRefused(JsonNode original, Wrong wrong) {
		if (wrong == Wrong.EMPTY || wrong == Wrong.DUPLICATE_KEY || original.isContainer() || original.isBoolean()
				|| original.isIntegralNumber()) {
			return true;
		}
		if (original.isNumber()) {
			return Set.of(Wrong.LIST, Wrong.MAPPING, Wrong.TEXT, Wrong.BOOLEAN, Wrong.NEGATIVE).contains(wrong);
		}
		return Set.of(Wrong.LIST, Wrong.MAPPING, Wrong.BOOLEAN, Wrong.FRACTION).contains(wrong);
	}

	/** A problem about the field or something inside it. */
	private static boolean names(String problem, String path) {
		return problem.startsWith(path + ": ") || problem.startsWith(path + ".") || problem.startsWith(path + "[");
	}

	record Field(String path, JsonNode value, boolean isKey) {
	}

	/** Every value in the tree with its path as problems name it, containers before what they hold. */
	private static List<Field> fields(JsonNode node, String path, boolean isKey) {
		List<Field> fields = new ArrayList<>();
		if (!path.isEmpty()) {
			fields.add(new Field(path, node, isKey));
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				fields.addAll(fields(property.getValue(),
						path.isEmpty() ? property.getKey() : path + "." + property.getKey(), true));
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				fields.addAll(fields(node.get(i), path + "[" + i + "]", false));
			}
		}
		return fields;
	}

	private static JsonNode tree(String yaml) {
		return YAMLMapper.builder().build().readTree(yaml);
	}

	/** The tree as block YAML, as people write specs, with the value at {@code target} made wrong. */
	private static String render(JsonNode root, String target, Wrong wrong) {
		StringBuilder yaml = new StringBuilder();
		render(root, "", "", target, wrong, yaml);
		return yaml.toString();
	}

	private static void render(JsonNode node, String path, String indent, String target, Wrong wrong,
			StringBuilder yaml) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
				int times = child.equals(target) && wrong == Wrong.DUPLICATE_KEY ? 2 : 1;
				for (int i = 0; i < times; i++) {
					yaml.append(indent).append(property.getKey()).append(':');
					value(property.getValue(), child, indent, target, wrong, yaml);
				}
			}
		}
		else {
			for (int i = 0; i < node.size(); i++) {
				yaml.append(indent).append('-');
				value(node.get(i), path + "[" + i + "]", indent, target, wrong, yaml);
			}
		}
	}

	private static void value(JsonNode node, String path, String indent, String target, Wrong wrong,
			StringBuilder yaml) {
		if (path.equals(target) && wrong != Wrong.DUPLICATE_KEY) {
			yaml.append(wrong.yaml.isEmpty() ? "" : " " + wrong.yaml).append('\n');
		}
		else if (node.isContainer() && !node.isEmpty()) {
			yaml.append('\n');
			render(node, path, indent + "  ", target, wrong, yaml);
		}
		else {
			// JSON's scalars (strings double-quoted) are YAML's too.
			yaml.append(' ').append(node).append('\n');
		}
	}

	private Path write(String name, String yaml) {
		try {
			return Files.writeString(this.dir.resolve(name), yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
