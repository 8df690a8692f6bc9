package dev.logtally.sandbox.legacy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyParametersTest {

	private static final String MULTIPART = "multipart/form-data; boundary=XyZ";

	@Test
	void decodesAQueryStringAsPhpDoesWithPlusAsSpace() {
		assertThat(LegacyParameters.fromQuery("functionName=a+b%2Bc&requestId=%E4%B8%AD&order="))
			.containsExactly(Map.entry("functionName", "a b+c"), Map.entry("requestId", "中"), Map.entry("order", ""));
		assertThat(LegacyParameters.fromQuery(null)).isEmpty();
	}

	@Test
	void refusesAMalformedEscapeAnEmptyNameAndARepeatedName() {
		assertThatThrownBy(() -> LegacyParameters.fromQuery("limit=%G1")).isInstanceOf(LegacyError.class)
			.hasMessageContaining("malformed percent escape");
		assertThatThrownBy(() -> LegacyParameters.fromQuery("=1")).hasMessageContaining("empty name");
		assertThatThrownBy(() -> LegacyParameters.fromQuery("filter_retCode=is0&filter.retCode=is0"))
			.hasMessageContaining("`filter.retCode` is given more than once");
	}

	@Test
	void readsAFormBodyByItsContentType() {
		assertThat(LegacyParameters.fromBody("Application/X-WWW-Form-Urlencoded; charset=UTF-8",
				bytes("limit=5&functionName=x%20y"))).containsExactly(Map.entry("limit", "5"),
						Map.entry("functionName", "x y"));
		assertThatThrownBy(() -> LegacyParameters.fromBody("application/json", bytes("{}")))
			.isInstanceOf(LegacyError.class)
			.hasMessageContaining("application/x-www-form-urlencoded or multipart/form-data");
		assertThatThrownBy(() -> LegacyParameters.fromBody(null, bytes(""))).isInstanceOf(LegacyError.class);
	}

	@Test
	void readsAStandardMultipartBodyWithPartHeadersAndRawValues() {
		String body = "--XyZ\r\nContent-Disposition: form-data; name=\"functionName\"\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\n\r\nfn%20中\r\n"
				+ "--XyZ\r\ncontent-disposition: form-data; name=limit\r\n\r\n5\r\n"
				+ "--XyZ\r\nContent-Disposition: form-data; name=\"requestId\"\r\n\r\nline one\r\nline two\r\n--XyZ--\r\n";
		assertThat(LegacyParameters.fromBody(MULTIPART, bytes(body))).containsExactly(
				Map.entry("functionName", "fn%20中"), Map.entry("limit", "5"),
				Map.entry("requestId", "line one\r\nline two"));
	}

	@Test
	void readsTheLegacySdksMultipartLayoutWithALeadingLineBreakAndAQuotedBoundary() {
		String body = "\r\n--a-b\r\nContent-Disposition: form-data; name=\"Action\"\r\n\r\nGetFunctionLogs"
				+ "\r\n--a-b\r\nContent-Disposition: form-data; name=\"Nonce\"\r\n\r\n42\r\n--a-b--\r\n";
		assertThat(LegacyParameters.fromBody("multipart/form-data; boundary=\"a-b\"", bytes(body)))
			.containsExactly(Map.entry("Action", "GetFunctionLogs"), Map.entry("Nonce", "42"));
	}

	@Test
	void refusesMalformedMultipartBodies() {
		assertThatThrownBy(() -> LegacyParameters.fromBody("multipart/form-data", bytes("--XyZ--")))
			.hasMessageContaining("needs a boundary");
		assertThatThrownBy(() -> LegacyParameters.fromBody(MULTIPART, bytes("limit=5")))
			.hasMessageContaining("no part delimiter");
		assertThatThrownBy(() -> LegacyParameters.fromBody(MULTIPART,
				bytes("--XyZ\r\nContent-Disposition: form-data; name=\"limit\"\r\n\r\n5")))
			.hasMessageContaining("closing delimiter");
		assertThatThrownBy(() -> LegacyParameters.fromBody(MULTIPART,
				bytes("--XyZ\r\nContent-Type: text/plain\r\n\r\n5\r\n--XyZ--")))
			.hasMessageContaining("no Content-Disposition name");
		// filename= must not be taken for name=
		assertThatThrownBy(() -> LegacyParameters.fromBody(MULTIPART,
				bytes("--XyZ\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\n5\r\n--XyZ--")))
			.hasMessageContaining("no Content-Disposition name");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
