package dev.logtally.source.tencent;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The official TC3-HMAC-SHA256 vectors from Tencent's "Signature v3" documentation (vendor-apis.md B.5). */
class Tc3SignerTest {

	private static final String SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

	private static final long TIMESTAMP = 1551113065L;

	@Test
	void reproducesTheOfficialPostVector() {
		byte[] body = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		Tc3Signer.Signature signature = Tc3Signer.sign(SECRET_KEY, new Tc3Signer.Input("POST", "",
				headers("application/json; charset=utf-8", "cvm.tencentcloudapi.com"), body, "cvm", TIMESTAMP));

		assertThat(Tc3Signer.sha256Hex(body))
			.isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
		assertThat(signature.canonicalRequest()).isEqualTo("POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
				+ "host:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
				+ "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
		assertThat(Tc3Signer.sha256Hex(signature.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
		assertThat(signature.credentialScope()).isEqualTo("2019-02-25/cvm/tc3_request");
		assertThat(signature.signature())
			.isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
		assertThat(signature.authorization("AKIDEXAMPLE")).isEqualTo("TC3-HMAC-SHA256 "
				+ "Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, "
				+ "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
	}

	@Test
	void reproducesTheOfficialVectorThatAlsoSignsTheActionHeader() {
		byte[] body = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		Map<String, String> headers = headers("application/json; charset=utf-8", "cvm.tencentcloudapi.com");
		headers.put("X-TC-Action", "DescribeInstances");
		Tc3Signer.Signature signature = Tc3Signer.sign(SECRET_KEY,
				new Tc3Signer.Input("POST", "", headers, body, "cvm", TIMESTAMP));

		assertThat(signature.signedHeaders()).isEqualTo("content-type;host;x-tc-action");
		assertThat(signature.canonicalRequest()).contains("x-tc-action:describeinstances\n");
		assertThat(Tc3Signer.sha256Hex(signature.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
	}

	@Test
	void reproducesTheOfficialGetVector() {
		Tc3Signer.Signature signature = Tc3Signer.sign(SECRET_KEY,
				new Tc3Signer.Input("GET", "Limit=10&Offset=0",
						headers("application/x-www-form-urlencoded", "cvm.tencentcloudapi.com"), new byte[0], "cvm",
						1539084154L));

		assertThat(Tc3Signer.sha256Hex(signature.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7");
		assertThat(signature.signature())
			.isEqualTo("5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474");
	}

	@Test
	void signsTheScfRegressionVector() {
		byte[] body = ("{\"FunctionName\":\"helloworld-demo\",\"Offset\":0,\"Limit\":20,"
				+ "\"StartTime\":\"2017-05-16 20:00:00\",\"EndTime\":\"2017-05-16 20:59:59\"}")
			.getBytes(StandardCharsets.UTF_8);
		Tc3Signer.Signature signature = Tc3Signer.sign(SECRET_KEY, new Tc3Signer.Input("POST", "",
				headers("application/json; charset=utf-8", "scf.tencentcloudapi.com"), body, "scf", TIMESTAMP));

		assertThat(Tc3Signer.sha256Hex(body))
			.isEqualTo("431f7cc70f8bfcb1313829553e7cad0ba496ef61f83a7b1ea9e02268cacfb252");
		assertThat(signature.signature())
			.isEqualTo("e79887b166a39c8563d2925801ed38fdc99a8f353ff340d567097310bc4473c4");
	}

	@Test
	void datesTheCredentialScopeInUtcNotInBeijingTime() {
		// 2019-02-25T23:30:00Z is already 2019-02-26 in Beijing: the scope must still say 2019-02-25.
		Tc3Signer.Signature signature = Tc3Signer.sign(SECRET_KEY, new Tc3Signer.Input("POST", "",
				headers("application/json; charset=utf-8", "scf.tencentcloudapi.com"), new byte[0], "scf",
				1551137400L));

		assertThat(signature.credentialScope()).isEqualTo("2019-02-25/scf/tc3_request");
	}

	private static Map<String, String> headers(String contentType, String host) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", contentType);
		headers.put("Host", host);
		return headers;
	}

}
