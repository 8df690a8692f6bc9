package dev.logtally.source.scf;

import dev.logtally.jobspec.SourceOptions;
import dev.logtally.jobspec.SpecNode;
import org.jspecify.annotations.Nullable;

/**
 * What only a Tencent Cloud SCF (API 3.0) source needs.
 * @param region the {@code X-TC-Region}
 * @param service the service in TC3 credential scopes ({@code scf})
 */
public record ScfOptions(String region, String service) implements SourceOptions {

	/** Reads them from the source's node, reporting each problem on its field; {@code null} when not valid. */
	static @Nullable ScfOptions read(SpecNode source) {
		String region = source.field("region").text(true);
		String service = source.field("service").text("scf");
		return region == null ? null : new ScfOptions(region, service);
	}

}
