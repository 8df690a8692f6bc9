package dev.logtally.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logtally.jobspec.RetrySpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

	private final RetryPolicy policy = new RetryPolicy("test",
			new RetrySpec(4, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ZERO);

	@Test
	void retriesATransientFaultUntilItPasses() {
		AtomicInteger calls = new AtomicInteger();

		String result = this.policy.call(() -> {
			if (calls.incrementAndGet() < 3) {
				throw new SourceException(SourceException.Kind.SERVER, "HTTP 503");
			}
			return "page";
		});

		assertThat(result).isEqualTo("page");
		assertThat(calls).hasValue(3);
	}

	@Test
	void givesUpAfterTheLastAttemptSayingHowManyWereMade() {
		AtomicInteger calls = new AtomicInteger();

		assertThatThrownBy(() -> this.policy.call(() -> {
			calls.incrementAndGet();
			throw new SourceException(SourceException.Kind.THROTTLED, "RequestLimitExceeded");
		})).isInstanceOfSatisfying(SourceException.class, (ex) -> {
			assertThat(ex.getMessage()).isEqualTo("gave up after 4 attempts: RequestLimitExceeded");
			assertThat(ex.kind()).isEqualTo(SourceException.Kind.THROTTLED);
			assertThat(ex.retryable()).isFalse();
		});
		assertThat(calls).hasValue(4);
	}

	@Test
	void failsAtOnceOnAPermanentFault() {
		AtomicInteger calls = new AtomicInteger();

		assertThatThrownBy(() -> this.policy.call(() -> {
			calls.incrementAndGet();
			throw new SourceException(SourceException.Kind.AUTH, "AuthFailure.SignatureFailure");
		})).hasMessage("AuthFailure.SignatureFailure");
		assertThat(calls).hasValue(1);
	}

	@Test
	void anExhaustedFaultIsNotRetriedAgainByAnOuterPolicy() {
		AtomicInteger calls = new AtomicInteger();

		assertThatThrownBy(() -> this.policy.call(() -> this.policy.call(() -> {
			calls.incrementAndGet();
			throw new SourceException(SourceException.Kind.NETWORK, "reset");
		}))).hasMessage("gave up after 4 attempts: reset");
		assertThat(calls).hasValue(4);
	}

}
