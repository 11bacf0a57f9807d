package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.provider.support.ApiUrls;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Hetzner Cloud API's DNS (zones, rrsets, actions). Start from {@link #of} and
 * adjust with the {@code with} methods; {@link #toString()} never shows the token.
 *
 * @param apiUrl {@code https://api.hetzner.cloud/v1} (tests: a stub)
 * @param token a project API token with read and write access, sent as {@code Authorization: Bearer}
 * @param requestsPerHour the project's request budget: 3,600 per hour
 * @param burst requests allowed back to back before pacing to {@code requestsPerHour}
 * @param reserve requests of the server-reported budget ({@code RateLimit-Remaining}) left for
 *     other clients of the project; a wave that would dig into it is not started
 * @param wave the most record-set changes sent before their actions are polled together
 * @param perPage {@code per_page} of listings (the API allows up to 50)
 * @param actionPoll the wait between polls of running actions
 * @param actionTimeout how long an action may run before the change counts as failed
 */
public record HetznerConfig(
    URI apiUrl,
    Secret token,
    int requestsPerHour,
    int burst,
    int reserve,
    int wave,
    int perPage,
    Duration actionPoll,
    Duration actionTimeout) {

  public static final URI DEFAULT_API_URL = URI.create("https://api.hetzner.cloud/v1");

  public HetznerConfig {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(actionPoll, "actionPoll");
    Objects.requireNonNull(actionTimeout, "actionTimeout");
    ApiUrls.require(apiUrl, "the Hetzner API URL");
    if (requestsPerHour < 1 || burst < 1 || reserve < 0) {
      throw new IllegalArgumentException("need requestsPerHour >= 1, burst >= 1, reserve >= 0, not "
          + requestsPerHour + ", " + burst + ", " + reserve);
    }
    if (wave < 2) {
      throw new IllegalArgumentException("a wave must hold at least a record and its TXT, not " + wave);
    }
    if (perPage < 1 || perPage > 50) {
      throw new IllegalArgumentException("Hetzner per_page must be 1..50, not " + perPage);
    }
  }

  /** Defaults: the public API, 3,600 requests/hour with bursts of 60 and 100 kept back, waves of 50, pages of 50. */
  public static HetznerConfig of(Secret token) {
    return new HetznerConfig(DEFAULT_API_URL, token, 3_600, 60, 100, 50, 50, Duration.ofMillis(500),
        Duration.ofMinutes(2));
  }

  public HetznerConfig withApiUrl(URI url) {
    return new HetznerConfig(url, token, requestsPerHour, burst, reserve, wave, perPage, actionPoll, actionTimeout);
  }

  public HetznerConfig withBudget(int perHour, int burstSize, int kept) {
    return new HetznerConfig(apiUrl, token, perHour, burstSize, kept, wave, perPage, actionPoll, actionTimeout);
  }

  public HetznerConfig withWave(int changes) {
    return new HetznerConfig(apiUrl, token, requestsPerHour, burst, reserve, changes, perPage, actionPoll,
        actionTimeout);
  }

  public HetznerConfig withPerPage(int items) {
    return new HetznerConfig(apiUrl, token, requestsPerHour, burst, reserve, wave, items, actionPoll, actionTimeout);
  }

  @Override
  public String toString() {
    return "HetznerConfig[apiUrl=" + apiUrl + ", token=(redacted, from " + token.source() + "), requestsPerHour="
        + requestsPerHour + ", burst=" + burst + ", reserve=" + reserve + ", wave=" + wave + ", perPage=" + perPage
        + ", actionPoll=" + actionPoll + ", actionTimeout=" + actionTimeout + "]";
  }
}
