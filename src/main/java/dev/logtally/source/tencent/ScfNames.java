package dev.logtally.source.tencent;

import java.util.regex.Pattern;

import dev.logtally.jobspec.SpecNode;
import org.jspecify.annotations.Nullable;

/**
 * Tencent's rules for SCF function and namespace names, which every source that names a function checks its targets
 * against: the SCF sources, and CLS's {@code function:} targets.
 */
public final class ScfNames {

	/** The namespace a function is in unless the spec says otherwise, as SCF's own. */
	public static final String DEFAULT_NAMESPACE = "default";

	/** Tencent's rule for function names: 2 to 60 characters, a letter first, a letter or digit last. */
	private static final Pattern FUNCTION = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]");

	private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,29}");

	private ScfNames() {
	}

	/**
	 * The function name of {@code node}, reporting a problem on it when it is missing or not a function name.
	 * @return {@code null} when it is not valid
	 */
	public static @Nullable String function(SpecNode node) {
		String function = node.text(true);
		if (function != null && !FUNCTION.matcher(function).matches()) {
			node.problem("\"" + function + "\" is not an SCF function name "
					+ "(2-60 letters, digits, - or _, starting with a letter)");
			return null;
		}
		return function;
	}

	/**
	 * The namespace of {@code node}, {@value #DEFAULT_NAMESPACE} when it is missing, reporting a problem on it when it
	 * is not a namespace name.
	 * @return {@code null} when it is not valid
	 */
	public static @Nullable String namespace(SpecNode node) {
		String namespace = node.text(DEFAULT_NAMESPACE);
		if (!NAMESPACE.matcher(namespace).matches()) {
			node.problem("\"" + namespace + "\" is not an SCF namespace name");
			return null;
		}
		return namespace;
	}

}
