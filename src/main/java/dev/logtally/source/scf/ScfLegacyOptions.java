package dev.logtally.source.scf;

import java.net.URI;
import java.util.Set;

import dev.logtally.jobspec.SourceOptions;
import dev.logtally.jobspec.SpecNode;
import org.jspecify.annotations.Nullable;

/**
 * What only a Tencent Cloud SCF source of the legacy API v2 needs.
 * @param region the {@code Region} parameter
 * @param signatureMethod {@code HmacSHA256} or {@code HmacSHA1}
 * @param httpMethod {@code POST} (a form body; the default, because the JDK never resends a POST by itself) or
 *     {@code GET} (parameters in the query)
 * @param signingHost the host in the string to sign, when it is not the endpoint's (a private endpoint behind a
 *     proxy that presents the public name)
 * @param offsetCap the largest {@code offset + limit} the API answers (10,000, as API 3.0), 0 for none
 */
public record ScfLegacyOptions(String region, String signatureMethod, String httpMethod, String signingHost,
		int offsetCap) implements SourceOptions {

	/**
	 * Reads them from the source's node, reporting each problem on its field.
	 * @param endpoint the source's endpoint, whose host is the default signing host; {@code null} when not valid
	 * @return {@code null} when not valid
	 */
	static @Nullable ScfLegacyOptions read(SpecNode source, @Nullable URI endpoint) {
		String region = source.field("region").text(true);
		String signatureMethod = source.field("signatureMethod")
			.choice("HmacSHA256", (text) -> Set.of("HmacSHA256", "HmacSHA1").contains(text) ? text : null,
					"HmacSHA256, HmacSHA1");
		String httpMethod = source.field("httpMethod")
			.choice("POST", (text) -> Set.of("GET", "POST").contains(text) ? text : null, "POST, GET");
		String signingHost = source.field("signingHost").text(endpoint == null ? "" : endpoint.getHost());
		int offsetCap = source.field("offsetCap").integer(10_000, 0, Integer.MAX_VALUE);
		return region == null || endpoint == null ? null
				: new ScfLegacyOptions(region, signatureMethod, httpMethod, signingHost, offsetCap);
	}

}
