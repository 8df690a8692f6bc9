package dev.logtally.spec;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One log source of a job spec.
 * @param id the source's name in the archive path and in messages; unique within the spec
 * @param type what API the source speaks
 * @param endpoint the API's base URL; any URL, including {@code http://127.0.0.1:PORT} for private or test endpoints
 * @param region the cloud region sent with each request
 * @param service the service name signed into TC3 credentials ({@code scf})
 * @param timeZone the zone the API renders and expects local times in (SCF: UTC+8)
 * @param credentials references by role ({@code secretId}, {@code secretKey}, optional {@code token})
 * @param window the length of one export window; divides a day and is within the type's maximum
 * @param rateLimit requests per second allowed for this source's account key, shared by every partition
 * @param pageSize records requested per page
 * @param timeout the limit for one HTTP exchange
 * @param retry bounds for retrying transient faults
 * @param targets what to export
 */
public record SourceSpec(String id, SourceType type, URI endpoint, String region, String service, ZoneId timeZone,
		Map<String, CredentialRef> credentials, Duration window, double rateLimit, int pageSize, Duration timeout,
		RetrySpec retry, List<TargetSpec> targets) {

	/** @throws IllegalArgumentException when the source has no target with that id */
	public TargetSpec target(String id) {
		return this.targets.stream()
			.filter((target) -> target.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("source " + this.id + " has no target " + id));
	}

	public CredentialRef credential(String role) {
		CredentialRef ref = this.credentials.get(role);
		if (ref == null) {
			throw new IllegalStateException("source " + this.id + " has no credential " + role);
		}
		return ref;
	}

}
