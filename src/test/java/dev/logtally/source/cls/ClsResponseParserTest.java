package dev.logtally.source.cls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.logtally.http.MalformedAnswerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SearchLog, DescribeLogHistogram and error answers as contract section 3 and 6 give them; hostile ones refused. */
class ClsResponseParserTest {

	private final ClsResponseParser parser = new ClsResponseParser();

	@Test
	void readsASearchLogPageAsTheCliExampleShowsIt() {
		ClsPage page = page("""
				{"Response":{"Context":"ctx-1","ListOver":false,"Analysis":false,"ColNames":[],"Results":[
				 {"Time":1761926400123,"TopicId":"t-1","TopicName":"app","Source":"10.0.0.1","FileName":"/var/log/a",
				  "PkgId":"5F6E","PkgLogId":"65536","HighLights":[],"HostName":"web-1",
				  "LogJson":"{\\"level\\":\\"INFO\\",\\"n\\":7,\\"ok\\":true,\\"none\\":null,\\"tags\\":[1,\\"a\\"],\\"m\\":{\\"k\\":\\"v\\"}}"},
				 {"Time":1761926400124,"TopicId":"t-1","Source":"","FileName":"","PkgId":"","PkgLogId":"",
				  "LogJson":"{}"}],
				 "AnalysisResults":null,"AnalysisRecords":null,"Columns":null,"SamplingRate":0,"RequestId":"r-1"}}
				""");

		assertThat(page.context()).isEqualTo("ctx-1");
		assertThat(page.listOver()).isFalse();
		assertThat(page.logs()).hasSize(2);
		ClsLog first = page.logs().get(0);
		assertThat(first.time()).isEqualTo(1_761_926_400_123L);
		assertThat(first.source()).isEqualTo("10.0.0.1");
		assertThat(first.fileName()).isEqualTo("/var/log/a");
		assertThat(first.hostName()).isEqualTo("web-1");
		assertThat(first.pkgId()).isEqualTo("5F6E");
		assertThat(first.pkgLogId()).isEqualTo("65536");
		assertThat(first.fields()).containsExactly(Map.entry("level", "INFO"), Map.entry("m", "{\"k\":\"v\"}"),
				Map.entry("n", "7"), Map.entry("none", ""), Map.entry("ok", "true"),
				Map.entry("tags", "[1,\"a\"]"));
		assertThat(page.logs().get(1).hostName()).isEmpty();
		assertThat(page.logs().get(1).fields()).isEmpty();
	}

	@Test
	void takesNullOrAbsentResultsAsAnEmptyPageAndAnEmptyContextAsNone() {
		ClsPage nulls = page("{\"Response\":{\"Context\":\"\",\"ListOver\":true,\"Results\":null,\"RequestId\":\"r\"}}");
		ClsPage absent = page("{\"Response\":{\"RequestId\":\"r\"}}");

		assertThat(nulls.logs()).isEmpty();
		assertThat(nulls.context()).isNull();
		assertThat(nulls.listOver()).isTrue();
		assertThat(absent.logs()).isEmpty();
		assertThat(absent.listOver()).isFalse();
	}

	@Test
	void keepsHostileContentByteForByte() {
		String hostile = "=cmd|' /C calc'!A0\\r\\n\\\"quoted\\\",\\u0000\\u202e日本";
		ClsPage page = page("{\"Response\":{\"Results\":[{\"Time\":1,\"Source\":\"" + hostile + "\",\"LogJson\":"
				+ "\"{\\\"msg\\\":\\\"" + hostile.replace("\\", "\\\\").replace("\"", "\\\"") + "\\\"}\"}],"
				+ "\"RequestId\":\"r\"}}");

		String expected = "=cmd|' /C calc'!A0\r\n\"quoted\",\u0000\u202e日本";
		assertThat(page.logs().get(0).source()).isEqualTo(expected);
		assertThat(page.logs().get(0).fields()).containsEntry("msg", expected);
	}

	@Test
	void readsAHistogram() {
		ClsHistogram histogram = this.parser.histogram(in("""
				{"Response":{"Interval":18000,"TotalCount":3,"HistogramInfos":[{"Count":2,"BTime":1761926400000},
				{"Count":1,"BTime":1761926418000}],"RequestId":"r"}}
				""")).value();

		assertThat(histogram.totalCount()).isEqualTo(3);
		assertThat(histogram.interval()).isEqualTo(18_000);
		assertThat(histogram.buckets()).containsExactly(new ClsHistogram.Bucket(1_761_926_400_000L, 2),
				new ClsHistogram.Bucket(1_761_926_418_000L, 1));
	}

	@Test
	void readsAnErrorInAnHttp200Answer() {
		ClsResponseParser.Answer<ClsPage> answer = this.parser.searchLog(in("""
				{"Response":{"Error":{"Code":"FailedOperation.InvalidContext","Message":"context expired"},
				"RequestId":"r"}}
				"""));

		assertThat(answer.value()).isNull();
		assertThat(answer.error()).isEqualTo(new ClsResponseParser.ErrorAnswer("FailedOperation.InvalidContext",
				"context expired"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"[]| the answer must be an object",
			"{}| the answer has no Response object",
			"{\"Response\":{\"Results\":[]}}| Response.RequestId is missing",
			"{\"Response\":{\"Error\":{\"Message\":\"x\"},\"RequestId\":\"r\"}}| Response.Error has no Code",
			"{\"Response\":{\"Results\":{},\"RequestId\":\"r\"}}| Response.Results must be an array",
			"{\"Response\":{\"Results\":[{\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}| Response.Results[0].Time is missing",
			"{\"Response\":{\"Results\":[{\"Time\":\"1\",\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}| Response.Results[0].Time must be whole milliseconds",
			"{\"Response\":{\"Results\":[{\"Time\":-5,\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}| Response.Results[0].Time is negative",
			"{\"Response\":{\"Results\":[{\"Time\":1,\"PkgLogId\":7,\"LogJson\":\"{}\"}],\"RequestId\":\"r\"}}| Response.Results[0].PkgLogId must be a string",
			"{\"Response\":{\"Results\":[{\"Time\":1}],\"RequestId\":\"r\"}}| Response.Results[0].LogJson is missing",
			"{\"Response\":{\"Results\":[{\"Time\":1,\"LogJson\":\"[1]\"}],\"RequestId\":\"r\"}}| Response.Results[0].LogJson must be a JSON object",
			"{\"Response\":{\"Results\":[{\"Time\":1,\"LogJson\":\"{\\\"a\\\":\"}],\"RequestId\":\"r\"}}| Response.Results[0].LogJson is not valid JSON",
			"{\"Response\":{\"Results\":[{\"Time\":1,\"LogJson\":\"{\\\"a\\\":1,\\\"a\\\":2}\"}],\"RequestId\":\"r\"}}| Response.Results[0].LogJson has the key \"a\" twice",
			"{\"Response\":{\"Results\":[{\"Time\":1,\"LogJson\":\"{} {}\"}],\"RequestId\":\"r\"}}| Response.Results[0].LogJson has data after its closing brace",
			"{\"Response\":{\"Analysis\":true,\"RequestId\":\"r\"}}| Response.Analysis is true",
			"{\"Response\":{\"ListOver\":\"yes\",\"RequestId\":\"r\"}}| Response.ListOver must be true or false",
			"{\"Response\":{\"RequestId\":\"r\"}} {}| the answer has data after its closing brace" })
	void refusesAMalformedSearchLogAnswerNamingTheField(String body, String message) {
		assertThatThrownBy(() -> this.parser.searchLog(in(body))).isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"Response\":{\"HistogramInfos\":[],\"RequestId\":\"r\"}}| Response.TotalCount is missing",
			"{\"Response\":{\"TotalCount\":-1,\"RequestId\":\"r\"}}| Response.TotalCount is negative",
			"{\"Response\":{\"TotalCount\":1.5,\"RequestId\":\"r\"}}| Response.TotalCount must be a whole number",
			"{\"Response\":{\"TotalCount\":1,\"HistogramInfos\":[{\"Count\":1}],\"RequestId\":\"r\"}}| Response.HistogramInfos[0] needs Count and BTime",
			"{\"Response\":{\"TotalCount\":1,\"HistogramInfos\":[{\"Count\":\"1\",\"BTime\":0}],\"RequestId\":\"r\"}}| Response.HistogramInfos[0].Count must be a whole number" })
	void refusesAMalformedHistogramNamingTheField(String body, String message) {
		assertThatThrownBy(() -> this.parser.histogram(in(body))).isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining(message);
	}

	@Test
	void readsAnSqlCountFromItsAnalysisRecordsAsTheNewAnalysisShapeGivesIt() {
		assertThat(this.parser.sqlCount(in("""
				{"Response":{"Context":"","ListOver":true,"Analysis":true,"Results":[],
				 "AnalysisRecords":["{\\"c\\":25000}"],"Columns":[{"Name":"c","Type":"long"}],
				 "AnalysisResults":null,"SamplingRate":1,"RequestId":"r"}}
				""")).value()).isEqualTo(25_000L);
		assertThat(this.parser.sqlCount(in("""
				{"Response":{"Analysis":true,"AnalysisRecords":["{\\"other\\":[1,{}],\\"c\\":\\"17\\"}"],
				 "RequestId":"r"}}
				""")).value()).as("a count given as text, after another column").isEqualTo(17L);
	}

	@Test
	void readsAnSqlCountFromItsAnalysisResultsWhenItHasNoAnalysisRecords() {
		assertThat(this.parser.sqlCount(in("""
				{"Response":{"ListOver":true,"Analysis":true,"ColNames":["c"],
				 "AnalysisResults":[{"Data":[{"Key":"other","Value":"9"},{"Key":"c","Value":"1234"}]}],
				 "AnalysisRecords":null,"Columns":null,"RequestId":"r"}}
				""")).value()).isEqualTo(1_234L);
		assertThat(this.parser.sqlCount(in("""
				{"Response":{"Analysis":true,"AnalysisRecords":[],
				 "AnalysisResults":[{"Data":[{"Key":"c","Value":"0"}]}],"RequestId":"r"}}
				""")).value()).isZero();
	}

	@Test
	void readsAnErrorInAnSqlCountAnswer() {
		assertThat(this.parser.sqlCount(in("""
				{"Response":{"Error":{"Code":"FailedOperation.QueryError","Message":"no statistics"},"RequestId":"r"}}
				""")).error()).isEqualTo(new ClsResponseParser.ErrorAnswer("FailedOperation.QueryError", "no statistics"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"Response\":{\"AnalysisRecords\":[\"{\\\"c\\\":1}\"],\"RequestId\":\"r\"}}| Response.Analysis is not true",
			"{\"Response\":{\"Analysis\":false,\"Results\":[],\"RequestId\":\"r\"}}| Response.Analysis is not true",
			"{\"Response\":{\"Analysis\":true,\"RequestId\":\"r\"}}| hold no column c",
			"{\"Response\":{\"Analysis\":true,\"AnalysisResults\":[{\"Data\":[{\"Key\":\"d\",\"Value\":\"1\"}]}],\"RequestId\":\"r\"}}| hold no column c",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[\"{\\\"d\\\":1}\"],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0].c is missing",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[\"{\\\"c\\\":-3}\"],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0].c is negative",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[\"{\\\"c\\\":1.5}\"],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0].c is not a whole number",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[\"{\\\"c\\\":{}}\"],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0].c must be a number",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[\"[1]\"],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0] must be a JSON object",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[\"{\\\"c\\\":\"],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0] is not valid JSON",
			"{\"Response\":{\"Analysis\":true,\"AnalysisRecords\":[7],\"RequestId\":\"r\"}}| Response.AnalysisRecords[0] must be a string",
			"{\"Response\":{\"Analysis\":true,\"AnalysisResults\":[{\"Data\":[{\"Key\":\"c\",\"Value\":\"many\"}]}],\"RequestId\":\"r\"}}| Response.AnalysisResults[0].Data[Key=c].Value is not a whole number",
			"{\"Response\":{\"Analysis\":true,\"AnalysisResults\":{},\"RequestId\":\"r\"}}| Response.AnalysisResults must be an array" })
	void refusesAMalformedSqlCountNamingTheField(String body, String message) {
		assertThatThrownBy(() -> this.parser.sqlCount(in(body))).isInstanceOf(MalformedAnswerException.class)
			.hasMessageContaining(message);
	}

	@Test
	void readsTheCLSDeliveryOfAGetFunctionAnswerAndTakesNullIdsAsNoDelivery() {
		assertThat(this.parser.getFunction(in("""
				{"Response": {"FunctionName": "order-api", "ClsLogsetId": "ls-1", "ClsTopicId": "t-1",
				 "Triggers": [{"Type": "timer"}], "RequestId": "r"}}
				""")).value()).isEqualTo(new FunctionDelivery("t-1", "ls-1"));
		FunctionDelivery none = this.parser.getFunction(in("""
				{"Response": {"FunctionName": "old-fn", "ClsLogsetId": null, "RequestId": "r"}}
				""")).value();
		assertThat(none).isEqualTo(new FunctionDelivery("", ""));
		assertThat(none.delivers()).isFalse();
		assertThat(this.parser.getFunction(in("""
				{"Response": {"Error": {"Code": "ResourceNotFound.Function", "Message": "no"}, "RequestId": "r"}}
				""")).error()).isEqualTo(new ClsResponseParser.ErrorAnswer("ResourceNotFound.Function", "no"));
	}

	private ClsPage page(String json) {
		return this.parser.searchLog(in(json)).value();
	}

	private static ByteArrayInputStream in(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
