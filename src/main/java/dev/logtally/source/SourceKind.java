package dev.logtally.source;

import java.util.Map;

import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.jobspec.SourceType;

/**
 * A kind of log source: how the spec names and reads it ({@link SourceType}), whose rate budget it draws from, and how
 * it is opened. One implementation lives in each source package and is registered in {@link SourceKinds}; nothing
 * outside the package and the registry knows a kind by name.
 */
public interface SourceKind extends SourceType {

	/**
	 * Whose rate budget a source draws from: the API limits an account (Tencent SecretId, Huawei AK) or a project (SLS),
	 * not the source as the spec names it. Sources with the same key share one budget.
	 * @param secrets the source's resolved credentials, by role; the key may hold an access key id, never a secret
	 */
	String accountKey(SourceSpec source, Map<String, Secret> secrets);

	/**
	 * Opens a source of this kind.
	 * @param secrets the source's resolved credentials, by role
	 * @param run how the export's client reaches the API
	 * @param probe how the client of the check before a run reaches it: fewer attempts
	 * @param staging where a source that archives files whole stages them
	 */
	LogSource open(SourceSpec source, Map<String, Secret> secrets, SourceConnection run, SourceConnection probe,
			FileStaging staging);

}
