package dev.logtally.source.scf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.logtally.source.scf.LegacySigner.Method;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official legacy-signature vectors from Tencent's "签名方法" page and the derived SCF {@code GetFunctionLogs}
 * vector (vendor-apis.md A.5).
 */
class LegacySignerTest {

	private static final String SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";

	private static final String SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";

	private static final String PATH = "/v2/index.php";

	@Test
	void reproducesTheOfficialHmacSha1Vector() {
		String stringToSign = LegacySigner.stringToSign("GET", "cvm.api.qcloud.com", PATH,
				describeInstances("instanceIds.0"));

		assertThat(stringToSign).isEqualTo("GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886"
				+ "&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768"
				+ "&instanceIds.0=ins-09dx96dg&limit=20&offset=0");
		assertThat(LegacySigner.methodOf(describeInstances("instanceIds.0"))).isEqualTo(Method.HMAC_SHA1);
		assertThat(LegacySigner.signature(SECRET_KEY, Method.HMAC_SHA1, stringToSign))
			.isEqualTo("NSI3UqqD99b/UJb4tbG/xZpRW64=");
	}

	@Test
	void reproducesTheOfficialHmacSha256Vector() {
		Map<String, String> parameters = describeInstances("instanceIds.0");
		parameters.put("SignatureMethod", "HmacSHA256");
		String stringToSign = LegacySigner.stringToSign("GET", "cvm.api.qcloud.com", PATH, parameters);

		assertThat(stringToSign).isEqualTo("GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886"
				+ "&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256"
				+ "&Timestamp=1465185768&instanceIds.0=ins-09dx96dg&limit=20&offset=0");
		assertThat(LegacySigner.methodOf(parameters)).isEqualTo(Method.HMAC_SHA256);
		assertThat(LegacySigner.signature(SECRET_KEY, LegacySigner.methodOf(parameters), stringToSign))
			.isEqualTo("PSWUwVv4TfW2sQP1FT9KbbLjIZ9bmK8f1cL6fbpf3KI=");
	}

	@Test
	void reproducesTheDerivedScfGetFunctionLogsVector() {
		Map<String, String> parameters = new HashMap<>();
		parameters.put("offset", "0");
		parameters.put("limit", "2");
		parameters.put("functionName", "testnode");
		parameters.put("Timestamp", "1465185768");
		parameters.put("SecretId", SECRET_ID);
		parameters.put("Region", "gz");
		parameters.put("Nonce", "11886");
		parameters.put("Action", "GetFunctionLogs");
		String stringToSign = LegacySigner.stringToSign("GET", "scf.api.qcloud.com", PATH, parameters);

		assertThat(stringToSign).isEqualTo("GETscf.api.qcloud.com/v2/index.php?Action=GetFunctionLogs&Nonce=11886"
				+ "&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768"
				+ "&functionName=testnode&limit=2&offset=0");
		assertThat(LegacySigner.signature(SECRET_KEY, Method.HMAC_SHA1, stringToSign))
			.isEqualTo("4e6l9VoRn297Mf+2EMp4sIxgQwE=");
	}

	@Test
	void writesAnUnderscoreInANameAsADotSoBothSpellingsSignAlike() {
		String underscored = LegacySigner.stringToSign("GET", "cvm.api.qcloud.com", PATH,
				describeInstances("instanceIds_0"));

		assertThat(underscored).contains("&instanceIds.0=ins-09dx96dg&").doesNotContain("_");
		assertThat(LegacySigner.signature(SECRET_KEY, Method.HMAC_SHA1, underscored))
			.isEqualTo("NSI3UqqD99b/UJb4tbG/xZpRW64=");
		// only names change: an underscore in a value is signed as it is
		assertThat(LegacySigner.stringToSign("GET", "h", PATH, Map.of("filter_retCode", "not_0")))
			.isEqualTo("GETh/v2/index.php?filter.retCode=not_0");
	}

	@Test
	void signsRawValuesLeavesOutTheSignatureAndUpperCasesTheMethod() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("functionName", "a b&c=d/é");
		parameters.put("Signature", "ignored");
		parameters.put("Action", "GetFunctionLogs");

		assertThat(LegacySigner.stringToSign("post", "scf.api.qcloud.com", PATH, parameters))
			.isEqualTo("POSTscf.api.qcloud.com/v2/index.php?Action=GetFunctionLogs&functionName=a b&c=d/é");
	}

	@Test
	void sortsNamesByBytesSoUpperCaseComesFirst() {
		Map<String, String> parameters = new HashMap<>();
		parameters.put("limit", "1");
		parameters.put("Zone", "z");
		parameters.put("Action", "a");
		parameters.put("action", "b");
		parameters.put("Nonce", "2");

		assertThat(LegacySigner.stringToSign("GET", "h", "/p", parameters))
			.isEqualTo("GETh/p?Action=a&Nonce=2&Zone=z&action=b&limit=1");
	}

	@Test
	void onlyTheExactValueHmacSha256SelectsSha256() {
		assertThat(LegacySigner.methodOf(Map.of())).isEqualTo(Method.HMAC_SHA1);
		assertThat(LegacySigner.methodOf(Map.of("SignatureMethod", "HmacSHA1"))).isEqualTo(Method.HMAC_SHA1);
		assertThat(LegacySigner.methodOf(Map.of("SignatureMethod", "hmacsha256"))).isEqualTo(Method.HMAC_SHA1);
		assertThat(LegacySigner.methodOf(Map.of("SignatureMethod", "HmacSHA256 "))).isEqualTo(Method.HMAC_SHA1);
		assertThat(LegacySigner.methodOf(Map.of("SignatureMethod", "HmacSHA256"))).isEqualTo(Method.HMAC_SHA256);
		assertThat(Method.HMAC_SHA256.wireName()).isEqualTo("HmacSHA256");
	}

	private static Map<String, String> describeInstances(String instanceIdName) {
		Map<String, String> parameters = new HashMap<>();
		parameters.put("Action", "DescribeInstances");
		parameters.put("Nonce", "11886");
		parameters.put("Region", "gz");
		parameters.put("SecretId", SECRET_ID);
		parameters.put("Timestamp", "1465185768");
		parameters.put(instanceIdName, "ins-09dx96dg");
		parameters.put("limit", "20");
		parameters.put("offset", "0");
		return parameters;
	}

}
