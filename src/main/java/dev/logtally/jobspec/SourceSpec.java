package dev.logtally.jobspec;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.logtally.window.WindowGrid;

/**
 * One log source of a job spec.
 * @param id the source's name in the archive path and in messages; unique within the spec
 * @param type what API the source speaks
 * @param endpoint the API's base URL; any URL, including {@code http://127.0.0.1:PORT} for private or test endpoints
 * @param timeZone the zone the API renders and expects local times in (SCF: UTC+8)
 * @param credentials references by role, as {@link SourceType} names them for each type (SCF and legacy SCF:
 *     {@code secretId}, {@code secretKey}, {@code token}; SLS: {@code accessKeyId}, {@code accessKeySecret},
 *     {@code securityToken}; RDS: {@code accessKey}, {@code secretKey}, {@code securityToken})
 * @param window the length of one export window; divides a day and is within the type's maximum
 * @param rateLimit requests per second allowed for the account (SCF SecretId) or project (SLS), shared by every
 *     partition
 * @param pageSize records requested per page
 * @param timeout the limit for one HTTP exchange
 * @param retry bounds for retrying transient faults
 * @param reread bounds for reading a part of a window again when the source's count of it moved while it was paged,
 *     or a file arrived short
 * @param options what only this type of source needs
 * @param targets what to export, of the type's target kind
 */
public record SourceSpec(String id, SourceType type, URI endpoint, ZoneId timeZone,
		Map<String, CredentialRef> credentials, Duration window, double rateLimit, int pageSize, Duration timeout,
		RetrySpec retry, RereadSpec reread, SourceOptions options, List<TargetSpec> targets) {

	/** How the source's windows are cut in {@code zone}: its window length, within its API's longest span. */
	public WindowGrid grid(ZoneId zone) {
		return new WindowGrid(this.window, this.type.maxWindow(), zone);
	}

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

	public SourceOptions.Scf scf() {
		return (SourceOptions.Scf) this.options;
	}

	public SourceOptions.ScfLegacy scfLegacy() {
		return (SourceOptions.ScfLegacy) this.options;
	}

	public SourceOptions.Sls sls() {
		return (SourceOptions.Sls) this.options;
	}

	public SourceOptions.Rds rds() {
		return (SourceOptions.Rds) this.options;
	}

}
