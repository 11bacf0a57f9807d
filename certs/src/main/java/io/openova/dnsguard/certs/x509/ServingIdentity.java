package io.openova.dnsguard.certs.x509;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the serving certificate is for: the webhook Service and any extra DNS names and IP addresses
 * (for example {@code localhost} and {@code 127.0.0.1} for local runs).
 *
 * <p>The certificate carries {@code <svc>}, {@code <svc>.<ns>}, {@code <svc>.<ns>.svc} and
 * {@code <svc>.<ns>.svc.cluster.local}, then the extra names, then the IP addresses. Extra DNS names
 * are lower-cased; IP addresses are kept in canonical form.
 */
public record ServingIdentity(
    String service, String namespace, List<String> extraDnsNames, List<String> ipAddresses) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ServingIdentity {
    requireLabel("service", service);
    requireLabel("namespace", namespace);
    extraDnsNames = extraDnsNames.stream().map(ServingIdentity::dnsName).distinct().toList();
    ipAddresses = ipAddresses.stream().map(IpLiterals::canonical).distinct().toList();
  }

  /** The identity of a Service with no extra names. */
  public static ServingIdentity of(String service, String namespace) {
    return new ServingIdentity(service, namespace, List.of(), List.of());
  }

  /** A copy with these DNS names added. */
  public ServingIdentity withDnsNames(List<String> names) {
    List<String> all = new ArrayList<>(extraDnsNames);
    all.addAll(names);
    return new ServingIdentity(service, namespace, all, ipAddresses);
  }

  /** A copy with these IP addresses added. */
  public ServingIdentity withIpAddresses(List<String> addresses) {
    List<String> all = new ArrayList<>(ipAddresses);
    all.addAll(addresses);
    return new ServingIdentity(service, namespace, extraDnsNames, all);
  }

  /** All DNS names, the Service's four forms first. */
  public List<String> dnsNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add(service);
    names.add(service + "." + namespace);
    names.add(service + "." + namespace + ".svc");
    names.add(service + "." + namespace + ".svc.cluster.local");
    names.addAll(extraDnsNames);
    return List.copyOf(names);
  }

  /** The subject alternative names in OpenSSL's notation: {@code DNS:name} and {@code IP:address}. */
  public Set<String> subjectAltNames() {
    Set<String> names = new LinkedHashSet<>();
    dnsNames().forEach(name -> names.add(SubjectAltNames.DNS + name));
    ipAddresses.forEach(ip -> names.add(SubjectAltNames.IP + ip));
    return Set.copyOf(names);
  }

  /** The subject common name: {@code <svc>.<ns>.svc} when it fits in 64 characters, else the Service name. */
  public String commonName() {
    String name = service + "." + namespace + ".svc";
    return name.length() <= 64 ? name : service;
  }

  private static void requireLabel(String what, String value) {
    if (!LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " \"" + value + "\" is not a DNS label (1-63 of a-z, 0-9, '-', not starting or ending with '-')");
    }
  }

  private static String dnsName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    if (lower.isEmpty() || lower.length() > 253) {
      throw new IllegalArgumentException("DNS name \"" + name + "\" must have 1 to 253 characters");
    }
    String[] labels = lower.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      boolean wildcard = i == 0 && labels[i].equals("*") && labels.length > 1;
      if (!wildcard && !LABEL.matcher(labels[i]).matches()) {
        throw new IllegalArgumentException(
            "DNS name \"" + name + "\" has an invalid label \"" + labels[i] + "\"");
      }
    }
    return lower;
  }
}
