package dev.logtally.source.cls;

import dev.logtally.http.SourceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented CLS error codes decide whether a request is retried, answered by the reader (split the leaf, restart
 * its Context) or fails its window at once.
 */
class ClsErrorClassificationTest {

	private static final String CONTEXT = "source cls, topic t-1, range [2026-11-01T00:00:00Z, 2026-11-01T01:00:00Z)";

	@ParameterizedTest
	@CsvSource({ "RequestLimitExceeded, THROTTLED", "RequestLimitExceeded.UinLimitExceeded, THROTTLED",
			"LimitExceeded.LogSearch, THROTTLED", "InternalError, SERVER", "InternalError.ServerBusy, SERVER",
			"InternalError.SearchFailed, SERVER", "FailedOperation.SearchTimeout, SERVER",
			"FailedOperation.Timeout, SERVER", "AuthFailure.SignatureFailure, AUTH", "AuthFailure.SecretIdNotFound, AUTH",
			"AuthFailure.SignatureExpire, AUTH", "ResourceNotFound.TopicNotExist, NOT_FOUND",
			"InvalidParameter, REJECTED", "InvalidParameterValue, REJECTED", "MissingParameter, REJECTED",
			"OperationDenied.AccountIsolate, REJECTED", "UnauthorizedOperation, REJECTED",
			"FailedOperation.SyntaxError, REJECTED", "FailedOperation.TopicIsolated, REJECTED",
			"LimitExceeded.Export, REJECTED", "SomethingNew, REJECTED" })
	void classifiesTheCode(String code, SourceException.Kind kind) {
		RuntimeException fault = ClsApiClient.classify(CONTEXT, new ClsResponseParser.ErrorAnswer(code, "message"));

		assertThat(fault).isInstanceOfSatisfying(SourceException.class, (ex) -> {
			assertThat(ex.kind()).isEqualTo(kind);
			assertThat(ex.retryable()).isEqualTo(kind.isTransient());
		});
		assertThat(fault.getMessage()).startsWith(CONTEXT + ": " + code + ": message");
	}

	@ParameterizedTest
	@CsvSource({ "LimitExceeded.SearchResources, TOO_LARGE", "LimitExceeded.SearchResultTooLarge, TOO_LARGE",
			"FailedOperation.InvalidContext, INVALID_CONTEXT" })
	void handsWhatTheReaderAnswersToTheReader(String code, ClsQueryException.Refusal refusal) {
		RuntimeException fault = ClsApiClient.classify(CONTEXT, new ClsResponseParser.ErrorAnswer(code, "message"));

		assertThat(fault).isInstanceOfSatisfying(ClsQueryException.class, (ex) -> {
			assertThat(ex.refusal()).isEqualTo(refusal);
			assertThat(ex.fault("why").kind()).isEqualTo(SourceException.Kind.REJECTED);
			assertThat(ex.fault("why").getMessage()).isEqualTo(CONTEXT + ": " + code + ": message (why)");
		});
	}

	@ParameterizedTest
	@CsvSource({ "AuthFailure.SignatureExpire, check this machine's clock",
			"AuthFailure.SecretIdNotFound, check the credentials this source references",
			"ResourceNotFound.TopicNotExist, check the target's topic and the source's region" })
	void namesTheFix(String code, String fix) {
		assertThat(ClsApiClient.classify(CONTEXT, new ClsResponseParser.ErrorAnswer(code, "m")).getMessage())
			.endsWith("(" + fix + ")");
	}

}
