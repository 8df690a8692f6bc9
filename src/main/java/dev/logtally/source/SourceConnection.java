package dev.logtally.source;

import java.net.http.HttpClient;
import java.time.Clock;

import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;

/**
 * How one API client of a source reaches its API: what every kind's client takes besides the source and its
 * credentials.
 * @param http the run's HTTP client, shared by every source
 * @param budget the rate budget of the source's account, shared by every source and partition that uses the account
 * @param retry how transient faults are retried: the run's policy, or the quicker one of the check before a run
 * @param clock the time that signatures carry
 */
public record SourceConnection(HttpClient http, RateBudget budget, RetryPolicy retry, Clock clock) {
}
