package io.openova.dnsguard.provider.support;

import java.net.URI;
import java.util.Objects;

/** The API address in a provider's configuration, checked the same way for every provider. */
public final class ApiUrls {
  private ApiUrls() {}

  /** {@code url} when it is http(s) with a host; else an {@link IllegalArgumentException} naming {@code what}. */
  public static URI require(URI url, String what) {
    Objects.requireNonNull(url, what);
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException(what + " must be http(s)://host[:port], not " + url);
    }
    return url;
  }
}
