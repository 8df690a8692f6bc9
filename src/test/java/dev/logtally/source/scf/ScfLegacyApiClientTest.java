package dev.logtally.source.scf;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.jobspec.RereadSpec;
import dev.logtally.jobspec.RetrySpec;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The legacy client against the legacy emulator, which re-derives every signature and refuses replays: both signature
 * methods over both transports, the replay and clock failures users meet, and the faults that are retried.
 */
class ScfLegacyApiClientTest {

	private static final Instant NOW = Instant.parse("2026-11-21T04:00:00Z");

	private static final String ID = "AKIDlegacyClient";

	private static final String KEY = "legacy-client-key";

	private static final ScfDataset DATASET = ScfDataset.builder(31)
		.function("default", "fn", NOW.minusSeconds(86_400), NOW, 300)
		.build();

	private static final ScfTarget FN = new ScfTarget("fn", "fn", "default", null, null);

	private final MutableClock emulatorClock = new MutableClock(NOW);

	private ScfLegacyEmulator emulator;

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@ParameterizedTest
	@CsvSource({ "HmacSHA256, GET", "HmacSHA1, GET", "HmacSHA256, POST", "HmacSHA1, POST" })
	void signsWithEitherMethodOverEitherTransport(String signatureMethod, String httpMethod) {
		start(ScfLegacyEmulator.builder());
		ScfLegacyApiClient client = client(signatureMethod, httpMethod, ScfLegacyEmulator.DEFAULT_SIGNING_HOST, KEY,
				Clock.fixed(NOW, ZoneId.of("UTC")), null);

		ScfPage page = client.getFunctionLogs(FN, 10, 50);

		assertThat(page.totalCount()).isEqualTo(300);
		assertThat(page.logs()).hasSize(50);
		assertThat(page.logs().get(0).requestId()).isEqualTo(DATASET.logs("default", "fn").get(289).requestId());
	}

	@Test
	void signsForTheSigningHostWhileConnectingToAnotherAddress() {
		start(ScfLegacyEmulator.builder().signingHost("scf.internal.example"));

		assertThat(client("HmacSHA256", "GET", "scf.internal.example", KEY, fixedClock(), null)
			.getFunctionLogs(FN, 0, 1)
			.totalCount()).isEqualTo(300);
		assertThatThrownBy(() -> client("HmacSHA256", "GET", "scf.api.qcloud.com", KEY, fixedClock(), null)
			.getFunctionLogs(FN, 0, 1)).isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.hasMessageContaining("code 4100");
	}

	@Test
	void aReplayedNonceIsRefusedAfterFreshAttemptsNamingTheClockAndTheNonces() {
		start(ScfLegacyEmulator.builder());
		ScfLegacyApiClient client = client("HmacSHA256", "POST", ScfLegacyEmulator.DEFAULT_SIGNING_HOST, KEY, fixedClock(),
				() -> 7);
		client.getFunctionLogs(FN, 0, 1);
		int served = this.emulator.requestCount();

		assertThatThrownBy(() -> client.getFunctionLogs(FN, 0, 1))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.hasMessageContaining("source scf-legacy, function fn")
			.hasMessageContaining("code 4500")
			.hasMessageContaining("check this machine's clock")
			.hasMessageContaining("reuses these credentials' nonces");
		assertThat(this.emulator.requestCount() - served).isEqualTo(3);
	}

	@Test
	void aClockFarFromTheSourcesIsRefusedAtOnceNamingTheClock() {
		start(ScfLegacyEmulator.builder());
		ScfLegacyApiClient client = client("HmacSHA256", "GET", ScfLegacyEmulator.DEFAULT_SIGNING_HOST, KEY,
				Clock.fixed(NOW.plusSeconds(400), ZoneId.of("UTC")), null);

		assertThatThrownBy(() -> client.getFunctionLogs(FN, 0, 1))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.hasMessageContaining("code 4500")
			.hasMessageContaining("within 5 minutes of Tencent's");
		assertThat(this.emulator.requestCount()).isEqualTo(3);
	}

	@Test
	void aGetWhoseConnectionDroppedIsSentAgainWithAFreshNonce() {
		start(ScfLegacyEmulator.builder());
		ScfLegacyApiClient client = client("HmacSHA256", "GET", ScfLegacyEmulator.DEFAULT_SIGNING_HOST, KEY, fixedClock(),
				null);
		client.getFunctionLogs(FN, 0, 1);
		this.emulator.faults().dropConnections(2);

		assertThat(client.getFunctionLogs(FN, 0, 1).totalCount()).isEqualTo(300);
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void quotaInternalAndServerErrorsAreRetriedWhateverTheTypeOfTheirCode() {
		start(ScfLegacyEmulator.builder().stringCodes(true));
		this.emulator.faults().throttle(2).internalError(2).failWithHttpStatus(503, 1).truncateJson(1);
		ScfLegacyApiClient client = client("HmacSHA1", "POST", ScfLegacyEmulator.DEFAULT_SIGNING_HOST, KEY, fixedClock(),
				null);

		assertThat(client.getFunctionLogs(FN, 0, 5).logs()).hasSize(5);
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void aWrongKeyFailsAtOnceNamingTheCredentialsButNotTheKey() {
		start(ScfLegacyEmulator.builder());
		ScfLegacyApiClient client = client("HmacSHA256", "GET", ScfLegacyEmulator.DEFAULT_SIGNING_HOST,
				"not-the-right-key", fixedClock(), null);

		assertThatThrownBy(() -> client.getFunctionLogs(FN, 0, 1))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.AUTH))
			.hasMessageContaining("code 4100")
			.hasMessageContaining("check the credentials this source references")
			.hasMessageNotContaining("not-the-right-key");
		assertThat(this.emulator.requestCount()).isEqualTo(1);
	}

	@Test
	void anUnknownFunctionIsNotFound() {
		start(ScfLegacyEmulator.builder());
		ScfLegacyApiClient client = client("HmacSHA256", "GET", ScfLegacyEmulator.DEFAULT_SIGNING_HOST, KEY, fixedClock(),
				null);

		assertThatThrownBy(() -> client.getFunctionLogs(new ScfTarget("ghost", "ghost", "default", null, null), 0, 1))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
			.hasMessageContaining("function ghost")
			.hasMessageContaining("code 5000");
	}

	private void start(ScfLegacyEmulator.Builder builder) {
		this.emulator = builder.clock(this.emulatorClock)
			.credential(ID, KEY)
			.dataset(DATASET)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private static Clock fixedClock() {
		return Clock.fixed(NOW, ZoneId.of("UTC"));
	}

	private ScfLegacyApiClient client(String signatureMethod, String httpMethod, String signingHost, String key,
			Clock clock, LongSupplier nonces) {
		URI endpoint = this.emulator.endpoint();
		SourceSpec source = new SourceSpec("scf-legacy", new ScfLegacyKind(), endpoint, ZoneId.of("+08:00"),
				Map.of(), Duration.ofDays(1), 1000, 100, Duration.ofSeconds(5),
				new RetrySpec(8, Duration.ofMillis(1), Duration.ofMillis(5)), RereadSpec.DEFAULT,
				new ScfLegacyOptions("ap-guangzhou", signatureMethod, httpMethod, signingHost, 10_000),
				List.of());
		ScfCredentials credentials = new ScfCredentials(ID, Secret.of(key), null);
		HttpClient http = HttpClient.newHttpClient();
		var budget = new RateBudgets(Map.of("a", 1000.0)).forAccount("a");
		RetryPolicy retry = new RetryPolicy("test", source.retry(), Duration.ZERO);
		SourceConnection connection = new SourceConnection(http, budget, retry, clock);
		return nonces == null ? new ScfLegacyApiClient(source, credentials, connection)
				: new ScfLegacyApiClient(source, credentials, connection, nonces);
	}

}
