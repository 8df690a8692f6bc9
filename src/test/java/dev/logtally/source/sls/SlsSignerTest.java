package dev.logtally.source.sls;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official SLS v1 vectors from the "Request signatures" documentation and the [DERIVED] GetLogs vector
 * (vendor-apis.md C.4), plus the canonicalisation rules the vectors do not exercise.
 */
class SlsSignerTest {

	private static final String SECRET = "4fdO2fTDDnZPU/L7CHNdemB2Nsk=";

	private static final String ACCESS_KEY_ID = "bq2sjzesjmo86kq35behupbq";

	@Test
	void reproducesTheOfficialListLogstoresGetVector() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Host", "ali-test-project.cn-hangzhou-devcommon-intranet.sls.aliyuncs.com");
		headers.put("Date", "Mon, 09 Nov 2015 06:11:16 GMT");
		headers.put("x-log-apiversion", "0.6.0");
		headers.put("x-log-signaturemethod", "hmac-sha1");
		SlsSigner.Input input = new SlsSigner.Input("GET", "", "", "Mon, 09 Nov 2015 06:11:16 GMT", headers,
				"/logstores", Map.of("logstoreName", "", "offset", "0", "size", "1000"));

		assertThat(SlsSigner.stringToSign(input)).isEqualTo("GET\n\n\nMon, 09 Nov 2015 06:11:16 GMT\n"
				+ "x-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n/logstores?logstoreName=&offset=0&size=1000");
		assertThat(SlsSigner.signature(SECRET, input)).isEqualTo("jEYOTCJs2e88o+y5F4/S5IsnBJQ=");
		assertThat(SlsSigner.authorization(ACCESS_KEY_ID, SlsSigner.signature(SECRET, input)))
			.isEqualTo("LOG bq2sjzesjmo86kq35behupbq:jEYOTCJs2e88o+y5F4/S5IsnBJQ=");
	}

	@Test
	void reproducesTheOfficialPutLogsPostVector() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/x-protobuf");
		headers.put("Content-MD5", "1DD45FA4A70A9300CC9FE7305AF2C494");
		headers.put("Content-Length", "50");
		headers.put("x-log-signaturemethod", "hmac-sha1");
		headers.put("x-log-compresstype", "lz4");
		headers.put("x-log-bodyrawsize", "50");
		headers.put("x-log-apiversion", "0.6.0");
		SlsSigner.Input input = new SlsSigner.Input("POST", "1DD45FA4A70A9300CC9FE7305AF2C494",
				"application/x-protobuf", "Mon, 09 Nov 2015 06:03:03 GMT", headers, "/logstores/test-logstore",
				Map.of());

		assertThat(SlsSigner.stringToSign(input)).isEqualTo("POST\n1DD45FA4A70A9300CC9FE7305AF2C494\n"
				+ "application/x-protobuf\nMon, 09 Nov 2015 06:03:03 GMT\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:50\n"
				+ "x-log-compresstype:lz4\nx-log-signaturemethod:hmac-sha1\n/logstores/test-logstore");
		assertThat(SlsSigner.signature(SECRET, input)).isEqualTo("XWLGYHGg2F2hcfxWxMLiNkGki6g=");
	}

	@Test
	void reproducesTheDerivedPythonStyleGetLogsVector() {
		Map<String, String> query = new LinkedHashMap<>();
		// wire order, deliberately unsorted: the resource sorts by name
		query.put("type", "log");
		query.put("topic", "");
		query.put("from", "1409529600");
		query.put("to", "1409608800");
		query.put("query", "error");
		query.put("line", "100");
		query.put("offset", "0");
		query.put("reverse", "false");
		SlsSigner.Input input = new SlsSigner.Input("GET", "", "", "Mon, 09 Nov 2015 06:11:16 GMT",
				Map.of("x-log-apiversion", "0.6.0", "x-log-bodyrawsize", "0", "x-log-signaturemethod", "hmac-sha1"),
				"/logstores/app_log", query);

		assertThat(SlsSigner.stringToSign(input)).isEqualTo("GET\n\n\nMon, 09 Nov 2015 06:11:16 GMT\n"
				+ "x-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n"
				+ "/logstores/app_log?from=1409529600&line=100&offset=0&query=error&reverse=false&to=1409608800&topic=&type=log");
		assertThat(SlsSigner.signature(SECRET, input)).isEqualTo("eKO+9BFz3d0rmezTSPs7aVA+Adw=");
	}

	@Test
	void logHeadersAreLowerCasedSortedAndIncludeAcsHeadersButNotLogDate() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Log-SignatureMethod", "hmac-sha1");
		headers.put("X-Acs-Security-Token", "sts-token");
		headers.put("x-log-date", "Mon, 09 Nov 2015 06:11:16 GMT");
		headers.put("X-Log-ApiVersion", "0.6.0");
		headers.put("Accept-Encoding", "lz4");
		headers.put("Content-Type", "application/json");
		SlsSigner.Input input = new SlsSigner.Input("POST", "ABC", "application/json", "Mon, 09 Nov 2015 06:11:16 GMT",
				headers, "/logstores/ls/logs", Map.of());

		assertThat(SlsSigner.stringToSign(input)).isEqualTo("POST\nABC\napplication/json\nMon, 09 Nov 2015 06:11:16 GMT\n"
				+ "x-acs-security-token:sts-token\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n"
				+ "/logstores/ls/logs");
	}

	@Test
	void queryValuesAreSignedDecodedAndEmptyValuesKeepTheirEqualsSign() {
		SlsSigner.Input input = new SlsSigner.Input("GET", null, null, "d", Map.of(), "/logstores/app_log",
				Map.of("query", "sls query string", "topic", "topic_1", "from", "1300", "to", "1400", "reverse",
						"true", "type", "log", "shard", ""));

		assertThat(SlsSigner.stringToSign(input)).isEqualTo("GET\n\n\nd\n\n"
				+ "/logstores/app_log?from=1300&query=sls query string&reverse=true&shard=&to=1400&topic=topic_1&type=log");
	}

	@Test
	void contentMd5IsUpperCaseHexPaddedToThirtyTwoDigits() {
		assertThat(SlsSigner.contentMd5("body-527".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("00FFE25A9C795E4780EAC452DF4E545C");
		assertThat(SlsSigner.contentMd5("{\"from\":1,\"to\":2}".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("D2A5D47A3B4C2A2FD823FA8CE5607F8B");
		assertThat(SlsSigner.contentMd5(new byte[0])).isEqualTo("D41D8CD98F00B204E9800998ECF8427E");
	}

}
