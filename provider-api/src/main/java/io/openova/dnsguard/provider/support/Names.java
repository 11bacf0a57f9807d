package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.policies.name.Hostname;

/** Record names as DNS APIs spell them, for every mapper alike ({@link Hostname}s are lower case already). */
public final class Names {

  private Names() {}

  /** Absolute, with the trailing dot: {@code api.example.com.}. */
  public static String absolute(Hostname name) {
    return name.value() + ".";
  }

  /** Relative to the zone: {@code @} for the apex, else the labels before the zone. */
  public static String relative(Hostname zone, Hostname name) {
    if (name.equals(zone)) {
      return "@";
    }
    String suffix = "." + zone.value();
    if (!name.value().endsWith(suffix)) {
      throw new IllegalArgumentException(name + " is not in zone " + zone);
    }
    return name.value().substring(0, name.value().length() - suffix.length());
  }

  /** The name a zone-relative name ({@code @} or labels, no trailing dot) stands for, without the trailing dot. */
  public static String inZone(Hostname zone, String relative) {
    return relative.equals("@") ? zone.value() : relative + "." + zone.value();
  }
}
