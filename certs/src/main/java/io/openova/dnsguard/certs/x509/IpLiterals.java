package io.openova.dnsguard.certs.x509;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a host name. */
final class IpLiterals {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private IpLiterals() {}

  /** The canonical text of an IPv4 or IPv6 literal, as {@link InetAddress#getHostAddress()} gives it. */
  static String canonical(String literal) {
    return parse(literal).getHostAddress();
  }

  static InetAddress parse(String literal) {
    String text = literal.strip();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    boolean looksValid = IPV4.matcher(text).matches() || (text.contains(":") && IPV6.matcher(text).matches());
    if (!looksValid) {
      throw new IllegalArgumentException("\"" + literal + "\" is not an IP address");
    }
    try {
      // A literal is parsed, never looked up.
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + literal + "\" is not an IP address", e);
    }
  }
}
