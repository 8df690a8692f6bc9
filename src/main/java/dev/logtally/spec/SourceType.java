package dev.logtally.spec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of log source a job spec can name, with the limits each imposes on windows. */
public enum SourceType {

	/** Tencent Cloud SCF {@code GetFunctionLogs}, API 3.0 (TC3-HMAC-SHA256). StartTime/EndTime at most one day apart. */
	TENCENT_SCF("tencent-scf", Duration.ofDays(1), "https://scf.tencentcloudapi.com");

	private final String specName;

	private final Duration maxWindow;

	private final String defaultEndpoint;

	SourceType(String specName, Duration maxWindow, String defaultEndpoint) {
		this.specName = specName;
		this.maxWindow = maxWindow;
		this.defaultEndpoint = defaultEndpoint;
	}

	/** The name used for this type in job specs. */
	public String specName() {
		return this.specName;
	}

	/** The longest window the source API accepts in one query. */
	public Duration maxWindow() {
		return this.maxWindow;
	}

	public String defaultEndpoint() {
		return this.defaultEndpoint;
	}

	public static Optional<SourceType> fromSpecName(String name) {
		return Arrays.stream(values()).filter((type) -> type.specName.equals(name)).findFirst();
	}

	/** The accepted names, for error messages. */
	public static String known() {
		return Arrays.stream(values()).map(SourceType::specName).collect(Collectors.joining(", "));
	}

}
