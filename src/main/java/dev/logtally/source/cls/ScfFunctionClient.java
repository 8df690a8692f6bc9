package dev.logtally.source.cls;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;

import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.http.SourceHttp;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.source.tencent.Api3Endpoint;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Asks SCF API 3.0 {@code GetFunction} (version 2018-04-16, TC3 service {@code scf}) which CLS topic a function
 * delivers its logs to, at the source's {@code scfEndpoint}, with the source's credentials, region, rate budget and
 * retries: the one SCF call a CLS source makes. Its errors are classified as CLS's are; a function SCF does not know is
 * {@link SourceException.Kind#NOT_FOUND}, so the check before a run reports it as its target's problem.
 */
final class ScfFunctionClient {

	static final String ACTION = "GetFunction";

	static final String VERSION = "2018-04-16";

	/** The service in the TC3 credential scope. */
	static final String SERVICE = "scf";

	private static final JsonFactory JSON = new JsonFactory();

	private final SourceSpec source;

	private final ClsCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final Api3Endpoint endpoint;

	private final ClsResponseParser parser = new ClsResponseParser();

	ScfFunctionClient(SourceSpec source, ClsCredentials credentials, SourceConnection connection) {
		this.source = source;
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		ClsOptions options = source.options(ClsOptions.class);
		this.endpoint = new Api3Endpoint(options.scfEndpoint(), SERVICE, VERSION, options.region(), source.timeout());
	}

	/**
	 * The function's CLS delivery.
	 * @throws SourceException naming the source, target and function: {@code NOT_FOUND} when SCF has no such function
	 */
	FunctionDelivery delivery(ClsFunctionTarget target) {
		String context = "source " + this.source.id() + ", target " + target.id() + ": SCF function "
				+ target.namespace() + "/" + target.function()
				+ (target.qualifier() == null ? "" : " (qualifier " + target.qualifier() + ")");
		byte[] body = body(target);
		return this.retry.call(() -> SourceHttp.exchange(this.http, () -> sign(body), this.budget, context,
				this.endpoint.uri(), (response, in) -> {
					this.endpoint.requireOk(response, in, context + ": " + ACTION);
					ClsResponseParser.Answer<FunctionDelivery> answer = this.parser.getFunction(in);
					if (answer.error() != null) {
						throw classify(context, answer.error());
					}
					return answer.value();
				}));
	}

	static RuntimeException classify(String context, ClsResponseParser.ErrorAnswer error) {
		String code = error.code();
		if (code.startsWith("ResourceNotFound")) {
			return new SourceException(SourceException.Kind.NOT_FOUND, context + " does not exist: " + code + ": "
					+ error.message() + " (check the target's function, namespace and qualifier, and the source's "
					+ "region)");
		}
		return ClsApiClient.classify(context + ": " + ACTION, error);
	}

	private HttpRequest sign(byte[] body) {
		return this.endpoint.request(ACTION, body, this.credentials.secretId(), this.credentials.secretKey(),
				this.credentials.token(), this.clock.instant().getEpochSecond());
	}

	private static byte[] body(ClsFunctionTarget target) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("FunctionName", target.function());
			json.writeStringProperty("Namespace", target.namespace());
			if (target.qualifier() != null) {
				json.writeStringProperty("Qualifier", target.qualifier());
			}
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
