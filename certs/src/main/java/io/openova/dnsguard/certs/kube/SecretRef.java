package io.openova.dnsguard.certs.kube;

import java.util.Objects;

/** The namespace and name of a Secret. */
public record SecretRef(String namespace, String name) {
  public SecretRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("a Secret needs a namespace and a name");
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
