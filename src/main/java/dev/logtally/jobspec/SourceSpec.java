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
 * @param type what API the source speaks: its kind
 * @param endpoint the API's base URL; any URL, including {@code http://127.0.0.1:PORT} for private or test endpoints
 * @param timeZone the zone the API renders and expects local times in (SCF: UTC+8)
 * @param credentials references by role, the roles the source's kind names
 *     ({@link SourceType#requiredCredentials()} and {@link SourceType#optionalCredentials()})
 * @param window the length of one export window; divides a day and is within the kind's maximum
 * @param rateLimit requests per second allowed for the account (SCF SecretId) or project (SLS), shared by every
 *     partition
 * @param pageSize records requested per page
 * @param timeout the limit for one HTTP exchange
 * @param retry bounds for retrying transient faults
 * @param reread bounds for reading a part of a window again when the source's count of it moved while it was paged,
 *     or a file arrived short
 * @param options what only this kind of source needs, a record of the kind's own
 * @param targets what to export, of the kind's own target record
 */
public record SourceSpec(String id, SourceType type, URI endpoint, ZoneId timeZone,
		Map<String, CredentialRef> credentials, Duration window, double rateLimit, int pageSize, Duration timeout,
		RetrySpec retry, RereadSpec reread, SourceOptions options, List<TargetSpec> targets) {

	/** How the source's windows are cut in {@code zone}: its window length, within its API's longest span. */
	public WindowGrid grid(ZoneId zone) {
		return new WindowGrid(this.window, this.type.limits().maxWindow(), zone);
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

	/**
	 * The options as the record of the source's kind.
	 * @throws IllegalStateException when they are not of that kind: a bug, the kind reads its own options
	 */
	public <T extends SourceOptions> T options(Class<T> kind) {
		if (!kind.isInstance(this.options)) {
			throw new IllegalStateException("source " + this.id + " of type " + this.type.name() + " has no "
					+ kind.getSimpleName());
		}
		return kind.cast(this.options);
	}

}
