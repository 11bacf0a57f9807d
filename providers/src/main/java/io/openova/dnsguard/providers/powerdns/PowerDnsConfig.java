package io.openova.dnsguard.providers.powerdns;

import io.openova.dnsguard.provider.support.ApiUrls;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one PowerDNS server. Start from {@link #of} and adjust with the {@code with}
 * methods; {@link #toString()} never shows the key.
 *
 * @param apiUrl the webserver's base address, e.g. {@code https://pdns.dmz:8081}
 * @param apiKey the {@code api-key} (from an environment variable or a mounted file)
 * @param serverId the server in {@code /api/v1/servers/{serverId}}; {@code localhost} unless
 *     behind a proxy that multiplexes servers
 * @param maxPatchBytes the largest PATCH body sent; PowerDNS copies request bodies quadratically,
 *     so ~1 MB keeps every request fast (see POWERDNS.md)
 * @param maxRrsetsPerPatch the most rrsets in one PATCH
 * @param caCertificate a PEM file of the CA that signed the API's certificate, for https with a
 *     private CA; empty: the JDK's trust store
 */
public record PowerDnsConfig(
    URI apiUrl,
    Secret apiKey,
    String serverId,
    long maxPatchBytes,
    int maxRrsetsPerPatch,
    Optional<Path> caCertificate) {

  public static final long DEFAULT_MAX_PATCH_BYTES = 1_000_000;
  public static final int DEFAULT_MAX_RRSETS_PER_PATCH = 5_000;

  public PowerDnsConfig {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(caCertificate, "caCertificate");
    String scheme = ApiUrls.require(apiUrl, "the PowerDNS API URL").getScheme();
    if (serverId.isBlank() || serverId.contains("/")) {
      throw new IllegalArgumentException("server id must be a single path segment, not \"" + serverId + "\"");
    }
    if (maxPatchBytes < 4096) {
      throw new IllegalArgumentException("maxPatchBytes must be at least 4096, not " + maxPatchBytes);
    }
    if (maxRrsetsPerPatch < 2) {
      throw new IllegalArgumentException("maxRrsetsPerPatch must be at least 2, not " + maxRrsetsPerPatch);
    }
    if (caCertificate.isPresent() && !"https".equals(scheme)) {
      throw new IllegalArgumentException("a CA certificate needs an https:// API URL, not " + apiUrl);
    }
  }

  /** Defaults: server {@code localhost}, 1 MB / 5,000 rrsets per PATCH. */
  public static PowerDnsConfig of(URI apiUrl, Secret apiKey) {
    return new PowerDnsConfig(apiUrl, apiKey, "localhost", DEFAULT_MAX_PATCH_BYTES, DEFAULT_MAX_RRSETS_PER_PATCH,
        Optional.empty());
  }

  public PowerDnsConfig withApiUrl(URI url) {
    return new PowerDnsConfig(url, apiKey, serverId, maxPatchBytes, maxRrsetsPerPatch, caCertificate);
  }

  public PowerDnsConfig withServerId(String id) {
    return new PowerDnsConfig(apiUrl, apiKey, id, maxPatchBytes, maxRrsetsPerPatch, caCertificate);
  }

  public PowerDnsConfig withPatchLimits(long bytes, int rrsets) {
    return new PowerDnsConfig(apiUrl, apiKey, serverId, bytes, rrsets, caCertificate);
  }

  public PowerDnsConfig withCaCertificate(Path pem) {
    return new PowerDnsConfig(apiUrl, apiKey, serverId, maxPatchBytes, maxRrsetsPerPatch, Optional.of(pem));
  }

  @Override
  public String toString() {
    return "PowerDnsConfig[apiUrl=" + apiUrl + ", apiKey=(redacted, from " + apiKey.source() + "), serverId=" + serverId
        + ", maxPatchBytes=" + maxPatchBytes + ", maxRrsetsPerPatch=" + maxRrsetsPerPatch
        + ", caCertificate=" + caCertificate.map(Path::toString).orElse("(JDK trust store)") + "]";
  }
}
