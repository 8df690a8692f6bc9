package dev.logtally.jobspec;

import java.net.URI;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A kind of log source as the job spec sees it: its name, what it needs and allows, and how its own options and
 * targets are read. Each kind is implemented in its source package ({@code dev.logtally.source.<kind>}) and registered
 * in {@code dev.logtally.source.SourceKinds}; the loader knows only what is common to all of them.
 */
public interface SourceType {

	/** The name used for this kind in job specs ({@code type:}) and recorded in window manifests. */
	String name();

	/** The bounds and defaults of a source's window, rate and page size. */
	SourceLimits limits();

	/** The public endpoint, or {@code null} when it depends on the region and must be given. */
	@Nullable String defaultEndpoint();

	/** The zone the API renders and expects local times in, when the spec gives no {@code timeZone}. */
	ZoneId defaultTimeZone();

	/** The credential roles a source of this kind must give, in the order they are reported. */
	List<String> requiredCredentials();

	/** The credential roles a source of this kind may give. */
	List<String> optionalCredentials();

	/** The fields of a source of this kind beyond the common ones. */
	Set<String> optionFields();

	/**
	 * Reads this kind's options from the source's node, reporting each problem on its field.
	 * @param endpoint the source's endpoint, or {@code null} when it is missing or invalid (already reported)
	 * @return {@code null} when the options are not valid
	 */
	@Nullable SourceOptions options(SpecNode source, @Nullable URI endpoint);

	/** The field a target of this kind must at least have ({@code function}), for the problem of one that is not a mapping. */
	String targetField();

	/**
	 * Reads one target, a mapping, reporting each problem on its field.
	 * @return {@code null} when the target is not valid
	 */
	@Nullable TargetSpec target(SpecNode target);

}
