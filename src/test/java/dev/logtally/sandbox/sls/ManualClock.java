package dev.logtally.sandbox.sls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that moves only when a test moves it, so "the same second" is exact. */
final class ManualClock extends Clock {

	private volatile Instant now;

	ManualClock(Instant start) {
		this.now = start;
	}

	synchronized void advance(Duration step) {
		this.now = this.now.plus(step);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("stays in UTC");
	}

}
