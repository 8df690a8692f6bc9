package dev.logtally.source.rds;

import dev.logtally.http.SourceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status and code of an RDS answer decide whether a request is retried, fails its window at once, or names a
 * target the source does not know (which the check before a run reports as an input error).
 */
class RdsErrorClassificationTest {

	@ParameterizedTest
	@CsvSource({ "429, APIGW.0308, THROTTLED", "500, DBS.108000, SERVER", "503, , SERVER", "401, APIGW.0301, AUTH",
			"403, APIGW.0302, AUTH", "404, DBS.200045, NOT_FOUND", "404, , NOT_FOUND", "404, APIGW.0101, REJECTED",
			"400, DBS.200001, REJECTED" })
	void classifiesTheAnswer(int status, String code, SourceException.Kind kind) {
		SourceException fault = RdsApiClient.classify("source s, project p, instance i", status, code, "message");

		assertThat(fault.kind()).isEqualTo(kind);
		assertThat(fault.retryable()).isEqualTo(kind.isTransient());
		assertThat(fault.getMessage()).startsWith("source s, project p, instance i: HTTP " + status);
	}

	@ParameterizedTest
	@CsvSource({ "404, APIGW.0101, check the source's endpoint" })
	void aRouteTheGatewayDoesNotKnowIsTheEndpointsFaultNotAnInstancesOne(int status, String code, String hint) {
		assertThat(RdsApiClient.classify("source s", status, code, "The API does not exist").getMessage())
			.isEqualTo("source s: HTTP 404 APIGW.0101: The API does not exist (" + hint + ")");
	}

}
