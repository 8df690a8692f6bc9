package dev.logtally.source.scf;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.http.MalformedAnswerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScfResponseParserTest {

	private final ScfResponseParser parser = new ScfResponseParser(ZoneId.of("+08:00"));

	@Test
	void readsAPageKeepingNumbersAsTheSourceWroteThem() {
		ScfResponseParser.Answer answer = parse("""
				{"Response":{"TotalCount":1,"Data":[{"FunctionName":"fn","RetMsg":"ok","RequestId":"r-1",
				"StartTime":"2018-06-11 18:46:45","RetCode":0,"InvokeFinished":1,"Duration":0.532,"BillDuration":100,
				"MemUsage":3174400,"Log":"line\\r\\nnext","Level":"","Source":"","RetryNum":1,"Unknown":{"a":[1]}}],
				"SearchContext":{"Offset":"","Limit":0},"RequestId":"e2571ff3"}}""");

		ScfPage page = ((ScfResponseParser.PageAnswer) answer).page();
		assertThat(page.totalCount()).isEqualTo(1);
		FunctionLog log = page.logs().get(0);
		assertThat(log.duration()).isEqualTo("0.532");
		assertThat(log.startTime()).isEqualTo(Instant.parse("2018-06-11T10:46:45Z"));
		assertThat(log.log()).isEqualTo("line\r\nnext");
		assertThat(log.naturalKey()).isEqualTo("r-1#1");
	}

	@Test
	void readsEachLogsOwnStartTimeWhenTimesRepeatAndAlternate() {
		ScfResponseParser.Answer answer = parse("""
				{"Response":{"TotalCount":4,"Data":[{"RequestId":"a","StartTime":"2018-06-11 18:46:45"},
				{"RequestId":"b","StartTime":"2018-06-11 18:46:45"},{"RequestId":"c","StartTime":"2018-06-11 18:46:46"},
				{"RequestId":"d","StartTime":"2018-06-11 18:46:45"}],"RequestId":"x"}}""");

		assertThat(((ScfResponseParser.PageAnswer) answer).page().logs()).extracting(FunctionLog::startTime)
			.containsExactly(Instant.parse("2018-06-11T10:46:45Z"), Instant.parse("2018-06-11T10:46:45Z"),
					Instant.parse("2018-06-11T10:46:46Z"), Instant.parse("2018-06-11T10:46:45Z"));
	}

	/**
	 * Every second from a minute and a half before to a minute and a half after an offset change, in order, as the
	 * formatter and the zone's rules read it: daylight saving's gap and overlap, a half-hour change, and historical
	 * offsets with seconds (Amsterdam's +00:19:32 in 1937, Monrovia's -00:44:30 in 1972).
	 */
	@ParameterizedTest
	@CsvSource({ "America/New_York, 2026-03-08T02:00", "America/New_York, 2026-11-01T01:00",
			"Australia/Lord_Howe, 2026-04-05T02:00", "Europe/Amsterdam, 1937-07-01T00:00",
			"Africa/Monrovia, 1972-01-07T00:00", "+08:00, 2026-11-01T00:00" })
	void readsEachSecondsStartTimeAsTheFormatterDoesAcrossAnOffsetChange(String zone, String change) {
		ZoneId zoneId = ZoneId.of(zone);
		LocalDateTime first = LocalDateTime.parse(change).minusSeconds(90);
		List<String> times = new ArrayList<>();
		StringBuilder data = new StringBuilder();
		for (int second = 0; second <= 180; second++) {
			String time = first.plusSeconds(second).format(ScfResponseParser.SCF_TIME);
			times.add(time);
			data.append(second == 0 ? "" : ",").append("{\"RequestId\":\"r").append(second)
				.append("\",\"StartTime\":\"").append(time).append("\"}");
		}

		ScfResponseParser.Answer answer = new ScfResponseParser(zoneId).parse(new ByteArrayInputStream(
				("{\"Response\":{\"TotalCount\":181,\"Data\":[" + data + "],\"RequestId\":\"x\"}}")
					.getBytes(StandardCharsets.UTF_8)));

		assertThat(((ScfResponseParser.PageAnswer) answer).page().logs()).extracting(FunctionLog::startTime)
			.containsExactlyElementsOf(times.stream()
				.map((time) -> LocalDateTime.parse(time, ScfResponseParser.SCF_TIME).atZone(zoneId).toInstant())
				.toList());
	}

	/** A minute already read does not let a StartTime through whose seconds the formatter would refuse. */
	@ParameterizedTest
	@ValueSource(strings = { "2018-06-11 18:46:60", "2018-06-11 18:46:4x", "2018-06-11 18:46:4", "2018-06-11 18:46:456",
			"2018-06-11 18:46:4\uFF15", "2018-06-11 18:46-45", "2018-06-11 18:46:/9" })
	void refusesAStartTimeWithBadSecondsInAMinuteAlreadyRead(String time) {
		String json = "{\"Response\":{\"TotalCount\":2,\"Data\":[{\"RequestId\":\"r\",\"StartTime\":"
				+ "\"2018-06-11 18:46:45\"},{\"RequestId\":\"s\",\"StartTime\":\"" + time + "\"}],\"RequestId\":\"x\"}}";

		assertThatThrownBy(() -> parse(json)).isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining("Response.Data[1].StartTime \"" + time + "\" is not yyyy-MM-dd HH:mm:ss");
	}

	@Test
	void readsAnErrorAnswer() {
		ScfResponseParser.Answer answer = parse("""
				{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"x"}}""");

		assertThat(answer).isEqualTo(new ScfResponseParser.ErrorAnswer("AuthFailure.SignatureFailure", "bad"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"Response\":{\"TotalCount\":\"1\",\"Data\":[],\"RequestId\":\"x\"}} | Response.TotalCount must be an integer, found a string",
			"{\"Response\":{\"TotalCount\":-1,\"Data\":[],\"RequestId\":\"x\"}} | Response.TotalCount is negative",
			"{\"Response\":{\"Data\":[],\"RequestId\":\"x\"}} | Response.TotalCount is missing",
			"{\"Response\":{\"TotalCount\":1,\"RequestId\":\"x\"}} | Response.Data is missing",
			"{\"Response\":{\"TotalCount\":1,\"Data\":{},\"RequestId\":\"x\"}} | Response.Data must be an array, found an object",
			"{\"Response\":{\"TotalCount\":1,\"Data\":[{\"StartTime\":\"2018-06-11 18:46:45\"}],\"RequestId\":\"x\"}} | Response.Data[0].RequestId is missing",
			"{\"Response\":{\"TotalCount\":1,\"Data\":[{\"RequestId\":\"r\",\"StartTime\":\"yesterday\"}],\"RequestId\":\"x\"}} | Response.Data[0].StartTime \"yesterday\" is not yyyy-MM-dd HH:mm:ss",
			"{\"Response\":{\"TotalCount\":1,\"Data\":[{\"RequestId\":\"r\",\"StartTime\":\"2018-06-11 18:46:45\",\"RetCode\":\"0\"}],\"RequestId\":\"x\"}} | Response.Data[0].RetCode must be a number, found a string",
			"{\"Response\":{\"TotalCount\":2,\"Data\":[{\"RequestId\":\"r\",\"StartTime\":\"2018-06-11 18:46:45\"},{\"RequestId\":\"s\",\"StartTime\":\"2018-06-11 18:46:45\",\"Log\":7}],\"RequestId\":\"x\"}} | Response.Data[1].Log must be a string, found an integer",
			"{\"Response\":{\"Error\":{\"Message\":\"m\"},\"RequestId\":\"x\"}} | Response.Error has no Code",
			"{\"Other\":1} | the answer has no Response object",
			"[1,2] | the answer must be an object, found an array",
			"{\"Response\":{\"TotalCount\":2,\"Data\":[{\"RequestId\":\"r\",\"StartTime\":\"2018-06-11 18:46:45\"},7],\"RequestId\":\"x\"}} | Response.Data[1] must be an object, found an integer",
			"{\"Response\":{\"TotalCount\":0,\"Data\":[],\"RequestId\":\"x\"}} {} | the answer has data after its closing brace" })
	void refusesAnAnswerThatBreaksTheContractNamingTheField(String json, String message) {
		assertThatThrownBy(() -> parse(json)).isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining(message.strip());
	}

	@Test
	void refusesTruncatedJson() {
		assertThatThrownBy(() -> parse("{\"Response\":{\"TotalCount\":3,\"Data\":[{\"RequestId\":\"r"))
			.isInstanceOf(JacksonException.class);
	}

	@Test
	void refusesNestingDeepEnoughToExhaustTheStack() {
		String deep = "{\"Response\":{\"X\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}}";

		assertThatThrownBy(() -> parse(deep)).isInstanceOf(JacksonException.class).hasMessageContaining("nesting depth");
	}

	private ScfResponseParser.Answer parse(String json) {
		return this.parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

}
