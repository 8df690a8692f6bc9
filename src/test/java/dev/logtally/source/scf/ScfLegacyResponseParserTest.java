package dev.logtally.source.scf;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import dev.logtally.http.MalformedAnswerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScfLegacyResponseParserTest {

	private final ScfLegacyResponseParser parser = new ScfLegacyResponseParser(ZoneId.of("+08:00"));

	@Test
	void readsACamelCasePageIntoTheSameLogAsApi3() {
		ScfLegacyResponseParser.Answer answer = parse("""
				{"code":0,"message":"","codeDesc":"Success","total":1,"data":[{"functionName":"fn","retMsg":"ok",
				"requestId":"r-1","startTime":"2018-06-11 18:46:45","retCode":0,"invokeFinished":1,"duration":0.532,
				"billDuration":100,"memUsage":3174400,"log":"line\\r\\nnext","level":"","source":"","retryNum":1,
				"unknown":{"a":[1]}}]}""");
		ScfResponseParser.Answer api3 = new ScfResponseParser(ZoneId.of("+08:00")).parse(stream("""
				{"Response":{"TotalCount":1,"Data":[{"FunctionName":"fn","RetMsg":"ok","RequestId":"r-1",
				"StartTime":"2018-06-11 18:46:45","RetCode":0,"InvokeFinished":1,"Duration":0.532,"BillDuration":100,
				"MemUsage":3174400,"Log":"line\\r\\nnext","Level":"","Source":"","RetryNum":1}],"RequestId":"x"}}"""));

		ScfPage page = ((ScfLegacyResponseParser.Page) answer).page();
		assertThat(page).isEqualTo(((ScfResponseParser.PageAnswer) api3).page());
		assertThat(page.logs().get(0).startTime()).isEqualTo(Instant.parse("2018-06-11T10:46:45Z"));
		assertThat(page.logs().get(0).duration()).isEqualTo("0.532");
	}

	@Test
	void readsAnErrorWhoseCodeIsAStringAndWhoseTextsMayBeNull() {
		assertThat(parse("{\"code\":\"4100\",\"message\":null,\"codeDesc\":\"AuthFailure\"}"))
			.isEqualTo(new ScfLegacyResponseParser.Error(4100, "AuthFailure", ""));
		assertThat(parse("{\"code\":4400,\"message\":\"(100004)quota exceeded\"}"))
			.isEqualTo(new ScfLegacyResponseParser.Error(4400, "", "(100004)quota exceeded"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"message\":\"\"} | code is missing",
			"{\"code\":\"four\"} | code must be a whole number or its text, found a string",
			"{\"code\":true} | code must be a whole number or its text, found a boolean",
			"{\"code\":0,\"data\":[]} | total is missing",
			"{\"code\":0,\"total\":-3} | total must be a whole number, found an integer",
			"{\"code\":0,\"total\":\"1\"} | total must be a whole number, found a string",
			"{\"code\":0,\"total\":1,\"data\":{}} | data must be an array, found an object",
			"{\"code\":0,\"total\":1,\"data\":[{\"startTime\":\"2018-06-11 18:46:45\"}]} | data[0].requestId is missing",
			"{\"code\":0,\"total\":1,\"data\":[{\"requestId\":\"r\"}]} | data[0].startTime is missing",
			"{\"code\":0,\"total\":1,\"data\":[{\"requestId\":\"r\",\"startTime\":\"soon\"}]} | data[0].startTime \"soon\" is not yyyy-MM-dd HH:mm:ss",
			"{\"code\":0,\"total\":1,\"data\":[{\"requestId\":\"r\",\"startTime\":\"2018-06-11 18:46:45\",\"duration\":\"1\"}]} | data[0].duration must be a number, found a string",
			"[0] | the answer must be an object" })
	void refusesAnAnswerThatBreaksTheContractNamingTheField(String json, String message) {
		assertThatThrownBy(() -> parse(json)).isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining(message);
	}

	private ScfLegacyResponseParser.Answer parse(String json) {
		return this.parser.parse(stream(json));
	}

	private static ByteArrayInputStream stream(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
