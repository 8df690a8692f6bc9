package dev.logtally.source.scf;

import dev.logtally.http.SourceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented API 3.0 error codes decide whether a request is retried or fails its window at once. */
class ScfErrorClassificationTest {

	@ParameterizedTest
	@CsvSource({ "RequestLimitExceeded, THROTTLED", "RequestLimitExceeded.UinLimitExceeded, THROTTLED",
			"InternalError, SERVER", "InternalError.System, SERVER", "ServiceUnavailable, SERVER",
			"AuthFailure.SignatureFailure, AUTH", "AuthFailure.SecretIdNotFound, AUTH",
			"AuthFailure.SignatureExpire, AUTH", "ResourceNotFound.Function, NOT_FOUND",
			"InvalidParameter.ParamError, REJECTED", "InvalidParameterValue.StartTimeOrEndTime, REJECTED",
			"LimitExceeded.Offset, REJECTED", "UnauthorizedOperation.CAM, REJECTED", "SomethingNew, REJECTED" })
	void classifiesTheCode(String code, SourceException.Kind kind) {
		SourceException fault = ScfApiClient.classify("source s, function f",
				new ScfResponseParser.ErrorAnswer(code, "message"));

		assertThat(fault.kind()).isEqualTo(kind);
		assertThat(fault.retryable()).isEqualTo(kind.isTransient());
		assertThat(fault.getMessage()).startsWith("source s, function f: " + code + ": message");
	}

}
