package dev.logtally.source.rds;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The official {@code SDK-HMAC-SHA256} vector from Huawei's API signing guide, the three vectors of the Java SDK's
 * {@code AKSKSignerTest} and the [DERIVED] ListAuditlogs vector (vendor-apis.md D.3), plus the canonicalisation rules
 * the vectors do not exercise.
 */
class HuaweiSignerTest {

	private static final String SDK_DATE = "20191115T033655Z";

	private static final String OFFICIAL_SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";

	private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private static final String VPC_PATH = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs";

	private static final Map<String, String> VPC_QUERY = vpcQuery();

	@Test
	void reproducesTheOfficialVector() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("Host", "service.region.example.com");
		headers.put("X-Sdk-Date", SDK_DATE);
		HuaweiSigner.Signature signature = HuaweiSigner.sign(OFFICIAL_SK, SDK_DATE,
				HuaweiSigner.Input.of("GET", VPC_PATH, VPC_QUERY, headers, new byte[0]));

		assertThat(signature.canonicalRequest()).isEqualTo("""
				GET
				/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/
				limit=2&marker=13551d6b-755d-4757-b956-536f674975c0
				content-type:application/json
				host:service.region.example.com
				x-sdk-date:20191115T033655Z

				content-type;host;x-sdk-date
				e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
		assertThat(HuaweiSigner.sha256Hex(signature.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
		assertThat(signature.stringToSign()).isEqualTo("SDK-HMAC-SHA256\n20191115T033655Z\n"
				+ "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
		assertThat(signature.signature()).isEqualTo("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
		assertThat(signature.authorization("QTWAOYTTINDUT2QVKYUC"))
			.isEqualTo("SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, "
					+ "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
	}

	@Test
	void reproducesTheJavaSdkGetVector() {
		HuaweiSigner.Signature signature = HuaweiSigner.sign("SecretKey", SDK_DATE, HuaweiSigner.Input.of("GET",
				VPC_PATH, VPC_QUERY, hostAndDate("service.region.example.com"), new byte[0]));

		assertThat(signature.signedHeaders()).isEqualTo("host;x-sdk-date");
		assertThat(signature.signature()).isEqualTo("fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d");
	}

	@Test
	void reproducesTheJavaSdkPostVector() {
		HuaweiSigner.Signature signature = HuaweiSigner.sign("SecretKey", SDK_DATE,
				HuaweiSigner.Input.of("POST", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123", Map.of(),
						hostAndDate("service.region.example.com"), "{\"key\":\"value\"}".getBytes(StandardCharsets.UTF_8)));

		assertThat(signature.canonicalRequest()).startsWith("POST\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123/\n\n");
		assertThat(signature.signature()).isEqualTo("b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771");
	}

	@Test
	void reproducesTheJavaSdkRootPathVector() {
		HuaweiSigner.Signature signature = HuaweiSigner.sign("SecretKey", SDK_DATE,
				HuaweiSigner.Input.of("GET", "/", Map.of(), hostAndDate("example.com"), new byte[0]));

		assertThat(signature.canonicalRequest()).startsWith("GET\n/\n\n");
		assertThat(signature.signature()).isEqualTo("919ad8b75d4ad49da0d377e63ee21c4a7a54b752f6bf2878b4adbe9c19927da6");
	}

	@Test
	void reproducesTheDerivedListAuditlogsVector() {
		Map<String, String> query = new LinkedHashMap<>();
		// wire order, as the SDK adds them: the canonical query sorts by name
		query.put("start_time", "2019-11-06T09:00:00+0800");
		query.put("end_time", "2019-11-07T10:40:15+0800");
		query.put("offset", "0");
		query.put("limit", "10");
		HuaweiSigner.Signature signature = HuaweiSigner.sign(OFFICIAL_SK, SDK_DATE,
				HuaweiSigner.Input.of("GET",
						"/v3/0483b6b16e954cb88930a360d2c4e663/instances/cee5265e1e5845649e354841234567dfin01/auditlog",
						query, hostAndDate("rds.cn-north-4.myhuaweicloud.com"), new byte[0]));

		assertThat(signature.canonicalRequest().split("\n")).startsWith("GET",
				"/v3/0483b6b16e954cb88930a360d2c4e663/instances/cee5265e1e5845649e354841234567dfin01/auditlog/",
				"end_time=2019-11-07T10%3A40%3A15%2B0800&limit=10&offset=0&start_time=2019-11-06T09%3A00%3A00%2B0800");
		assertThat(HuaweiSigner.sha256Hex(signature.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("445b8bebadadfddcbae731e9a7e99d1e4cefaba04a4d2f3c4b0f653dfaef9a5d");
		assertThat(signature.signature()).isEqualTo("5773ab9844b4c38b639114309c9c4a40786808319df6c5243193ed0ecd1baae2");
	}

	@Test
	void encodesPerRfc3986() {
		assertThat(HuaweiSigner.encode("a b*c~d+e:f/g")).isEqualTo("a%20b%2Ac~d%2Be%3Af%2Fg");
		assertThat(HuaweiSigner.encode("AZaz09-_.~")).isEqualTo("AZaz09-_.~");
		assertThat(HuaweiSigner.encode("审计=&%")).isEqualTo("%E5%AE%A1%E8%AE%A1%3D%26%25");
	}

	@Test
	void canonicalUriEncodesSegmentsAndAlwaysEndsWithASlash() {
		assertThat(HuaweiSigner.canonicalUri("/")).isEqualTo("/");
		assertThat(HuaweiSigner.canonicalUri("")).isEqualTo("/");
		assertThat(HuaweiSigner.canonicalUri("/v3/p/instances/i/auditlog")).isEqualTo("/v3/p/instances/i/auditlog/");
		assertThat(HuaweiSigner.canonicalUri("/v3/p/instances/i/auditlog-links/"))
			.isEqualTo("/v3/p/instances/i/auditlog-links/");
		assertThat(HuaweiSigner.canonicalUri("/a b/c:d")).isEqualTo("/a%20b/c%3Ad/");
	}

	@Test
	void canonicalQuerySortsByEncodedNameThenValueAndKeepsEmptyValues() {
		Map<String, List<String>> query = new LinkedHashMap<>();
		query.put("b", List.of("2", "1"));
		query.put("a b", List.of("x y"));
		query.put("empty", List.of(""));
		query.put("none", List.of());
		assertThat(HuaweiSigner.canonicalQuery(query)).isEqualTo("a%20b=x%20y&b=1&b=2&empty=&none=");
		assertThat(HuaweiSigner.canonicalQuery(Map.of())).isEmpty();
	}

	@Test
	void headerNamesAreLowerCasedAndValuesTrimmed() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Sdk-Date", SDK_DATE);
		headers.put("HOST", " 127.0.0.1:8080 ");
		headers.put("X-Project-Id", "p1");
		HuaweiSigner.Signature signature = HuaweiSigner.sign("sk", SDK_DATE,
				HuaweiSigner.Input.of("GET", "/", Map.of(), headers, null));

		assertThat(signature.signedHeaders()).isEqualTo("host;x-project-id;x-sdk-date");
		assertThat(signature.canonicalRequest())
			.contains("\nhost:127.0.0.1:8080\nx-project-id:p1\nx-sdk-date:20191115T033655Z\n\n");
		assertThatIllegalArgumentException().isThrownBy(() -> HuaweiSigner.sign("sk", SDK_DATE,
				HuaweiSigner.Input.of("GET", "/", Map.of(), Map.of("host", "a", "Host", "b"), null)));
	}

	@Test
	void anUnsignedPayloadHeaderReplacesTheBodyHashOnlyWhenSigned() {
		byte[] body = "{\"ids\":[\"a\"]}".getBytes(StandardCharsets.UTF_8);
		Map<String, String> headers = new LinkedHashMap<>(hostAndDate("example.com"));
		headers.put("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
		HuaweiSigner.Signature unsigned = HuaweiSigner.sign("sk", SDK_DATE,
				HuaweiSigner.Input.of("POST", "/x", Map.of(), headers, body));
		HuaweiSigner.Signature hashed = HuaweiSigner.sign("sk", SDK_DATE,
				HuaweiSigner.Input.of("POST", "/x", Map.of(), hostAndDate("example.com"), body));

		assertThat(unsigned.canonicalRequest()).endsWith("\nhost;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD");
		assertThat(hashed.canonicalRequest()).endsWith("\n" + HuaweiSigner.sha256Hex(body));
		assertThat(HuaweiSigner.sign("sk", SDK_DATE, HuaweiSigner.Input.of("GET", "/", Map.of(), Map.of(), null))
			.canonicalRequest()).endsWith(EMPTY_SHA256);
	}

	@Test
	void sdkDateIsUtcBasicIsoFormat() {
		assertThat(HuaweiSigner.sdkDate(Instant.parse("2019-11-15T03:36:55.999Z"))).isEqualTo(SDK_DATE);
		assertThat(HuaweiSigner.parseSdkDate(SDK_DATE)).isEqualTo(Instant.parse("2019-11-15T03:36:55Z"));
	}

	private static Map<String, String> hostAndDate(String host) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Host", host);
		headers.put("X-Sdk-Date", SDK_DATE);
		return headers;
	}

	private static Map<String, String> vpcQuery() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("marker", "13551d6b-755d-4757-b956-536f674975c0");
		query.put("limit", "2");
		return query;
	}

}
