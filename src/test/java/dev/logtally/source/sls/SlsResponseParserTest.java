package dev.logtally.source.sls;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.logtally.http.MalformedAnswerException;
import dev.logtally.http.ErrorBody;
import dev.logtally.http.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlsResponseParserTest {

	private final SlsResponseParser parser = new SlsResponseParser();

	@Test
	void readsLogsWithTheirNanosecondsSourceTopicAndSortedFields() {
		List<QueriedLog> logs = this.parser.logs(body("""
				[{"__time__":"1761926400","__time_ns_part__":"123","__source__":"10.0.0.1","__topic__":"web",
				  "zeta":"1","level":"INFO","msg":"a\\r\\nb"},
				 {"__time__":1761926401,"__source__":"10.0.0.2","__topic__":"","__tag__:__hostname__":"h"}]"""));

		assertThat(logs).hasSize(2);
		assertThat(logs.get(0).epochNanos()).isEqualTo(1_761_926_400_000_000_123L);
		assertThat(logs.get(0).fields()).containsExactly(java.util.Map.entry("level", "INFO"),
				java.util.Map.entry("msg", "a\r\nb"), java.util.Map.entry("zeta", "1"));
		assertThat(logs.get(1).fields()).containsKey("__tag__:__hostname__");
	}

	@Test
	void readsHistogramBuckets() {
		assertThat(this.parser.histogram(body("""
				[{"from":10,"to":20,"count":3,"progress":"Complete"},{"from":20,"to":30,"count":0,"progress":"Complete"}]""")))
			.containsExactly(new HistogramBucket(10, 20, 3), new HistogramBucket(20, 30, 0));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"logs\":[]} | the GetLogs answer must be an array",
			"[{\"__source__\":\"x\"}] | log[0].__time__ is missing",
			"[{\"__time__\":\"yesterday\"}] | log[0].__time__ is not a whole number",
			"[{\"__time__\":\"1\",\"__time_ns_part__\":\"1000000000\"}] | log[0].__time_ns_part__ is out of range",
			"[{\"__time__\":\"1\",\"k\":{\"nested\":1}}] | log[0].k must be a string",
			"[{\"__time__\":\"1\"},{\"__time__\":\"2\",\"k\":[1]}] | log[1].k must be a string",
			"[{\"__time__\":\"1\"},\"text\"] | log[1] must be an object, found VALUE_STRING",
			"[] [] | the answer has data after its end" })
	void refusesAnAnswerThatBreaksTheContractNamingTheField(String json, String message) {
		assertThatThrownBy(() -> this.parser.logs(body(json)))
			.isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining(message.strip());
	}

	@Test
	void refusesABucketWithoutItsCount() {
		assertThatThrownBy(() -> this.parser.histogram(body("[{\"from\":1,\"to\":2}]")))
			.hasMessageContaining("bucket[0] needs from, to and count");
	}

	@Test
	void refusesABucketThatIsNotAnObjectNamingIt() {
		assertThatThrownBy(() -> this.parser.histogram(body("[{\"from\":1,\"to\":2,\"count\":3},[]]")))
			.hasMessageContaining("bucket[1] must be an object");
	}

	@Test
	void refusesABucketWhoseCountIsNotANumberNamingIt() {
		assertThatThrownBy(() -> this.parser.histogram(body("[{\"from\":1,\"to\":2,\"count\":3},{\"from\":2,"
				+ "\"to\":3,\"count\":\"many\"}]")))
			.hasMessageContaining("bucket[1].count is not a whole number: \"many\"");
	}

	@ParameterizedTest
	@CsvSource({ "403, ReadQuotaExceed, Read quota is exceeded., THROTTLED",
			"403, ReadQuotaExceed, Read QPS Exceed, THROTTLED", "503, ServerBusy, busy, SERVER",
			"500, InternalServerError, x, SERVER", "500, RequestTimeout, x, SERVER",
			"401, SignatureNotMatch, Signature x not matched., AUTH", "401, Unauthorized, AccessKeyId not found, AUTH",
			"404, ProjectNotExist, x, REJECTED", "404, LogStoreNotExist, logstore x does not exist., NOT_FOUND",
			"400, InvalidQueryString, x, REJECTED", "400, IndexConfigNotExist, Logstore without index config., REJECTED",
			"400, RequestTimeExpired, x, REJECTED" })
	void classifiesErrors(int status, String code, String message, SourceException.Kind kind) {
		SourceException fault = SlsApiClient.classify("source s, project p, logstore l", status, code, message);

		assertThat(fault.kind()).isEqualTo(kind);
		assertThat(fault.getMessage()).startsWith("source s, project p, logstore l: HTTP " + status + " " + code);
	}

	@Test
	void readsAnErrorBody() {
		assertThat(ErrorBody.read(body("{\"errorCode\":\"LogStoreNotExist\",\"errorMessage\":\"gone\"}"), "errorCode",
				"errorMessage"))
			.contains(new ErrorBody("LogStoreNotExist", "gone"));
		assertThat(ErrorBody.read(body("<html>bad gateway</html>"), "errorCode", "errorMessage")).isEmpty();
	}

	private static InputStream body(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
