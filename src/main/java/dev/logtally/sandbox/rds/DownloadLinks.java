package dev.logtally.sandbox.rds;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expiring download links handed out by {@code auditlog-links}: a random token per link, each for one file until
 * its expiry. Links are never removed; an expired one answers 403, as OBS answers an expired signed URL.
 */
final class DownloadLinks {

	/** One link: what it serves and until when ({@code expires} itself is already too late). */
	record Link(AuditFile file, Instant expires) {

		boolean expiredAt(Instant now) {
			return !now.isBefore(this.expires);
		}

	}

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Link> links = new ConcurrentHashMap<>();

	/** Issues a new token for the file. */
	String issue(AuditFile file, Instant expires) {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		this.links.put(token, new Link(file, expires));
		return token;
	}

	/** The link of a token, or {@code null} if it was never issued. */
	Link find(String token) {
		return this.links.get(token);
	}

}
