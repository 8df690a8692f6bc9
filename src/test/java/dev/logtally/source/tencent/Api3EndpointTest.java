package dev.logtally.source.tencent;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import dev.logtally.jobspec.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every Tencent API 3.0 request of logtally carries, whichever service it goes to. */
class Api3EndpointTest {

	private static final Api3Endpoint CLS = new Api3Endpoint(URI.create("https://cls.tencentcloudapi.com"), "cls",
			"2020-10-16", "ap-guangzhou", Duration.ofSeconds(30));

	@Test
	void theHostSignedIsTheOneTheJdkSendsWithThePortOnlyWhenItIsNotTheSchemes() {
		assertThat(CLS.hostHeader()).isEqualTo("cls.tencentcloudapi.com");
		assertThat(endpoint("https://cls.tencentcloudapi.com:443").hostHeader()).isEqualTo("cls.tencentcloudapi.com");
		assertThat(endpoint("http://127.0.0.1:80").hostHeader()).isEqualTo("127.0.0.1");
		assertThat(endpoint("http://127.0.0.1:18080").hostHeader()).isEqualTo("127.0.0.1:18080");
	}

	@Test
	void aRequestIsAPostToTheRootWithTheActionVersionRegionTimestampAndAScopeOfItsService() {
		HttpRequest request = CLS.request("SearchLog", "{}".getBytes(), "AKIDexample", Secret.of("key"), null,
				1_793_548_800L);

		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.uri()).isEqualTo(URI.create("https://cls.tencentcloudapi.com/"));
		assertThat(request.timeout()).hasValue(Duration.ofSeconds(30));
		assertThat(request.headers().firstValue("X-TC-Action")).hasValue("SearchLog");
		assertThat(request.headers().firstValue("X-TC-Version")).hasValue("2020-10-16");
		assertThat(request.headers().firstValue("X-TC-Region")).hasValue("ap-guangzhou");
		assertThat(request.headers().firstValue("X-TC-Timestamp")).hasValue("1793548800");
		assertThat(request.headers().firstValue("Content-Type")).hasValue(Api3Endpoint.CONTENT_TYPE);
		assertThat(request.headers().firstValue("Authorization")).hasValueSatisfying((authorization) -> assertThat(
				authorization).startsWith("TC3-HMAC-SHA256 Credential=AKIDexample/2026-11-01/cls/tc3_request, ")
			.doesNotContain("key"));
		assertThat(request.headers().firstValue("X-TC-Token")).isEmpty();
	}

	@Test
	void temporaryCredentialsSendTheirToken() {
		HttpRequest request = CLS.request("SearchLog", "{}".getBytes(), "AKIDexample", Secret.of("key"),
				Secret.of("the-token"), 1_793_548_800L);

		assertThat(request.headers().firstValue("X-TC-Token")).hasValue("the-token");
	}

	private static Api3Endpoint endpoint(String uri) {
		return new Api3Endpoint(URI.create(uri), "cls", "2020-10-16", "ap-guangzhou", Duration.ofSeconds(30));
	}

}
