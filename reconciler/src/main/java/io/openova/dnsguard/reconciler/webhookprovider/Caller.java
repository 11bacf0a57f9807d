package io.openova.dnsguard.reconciler.webhookprovider;

import java.util.Set;

/** Who sent a request, and so which owner ids it may write as. */
sealed interface Caller {

  boolean mayWriteAs(String ownerId);

  /** A client on loopback (the sidecar pattern): the pod is the trust boundary, every owner id. */
  record Local() implements Caller {
    @Override
    public boolean mayWriteAs(String ownerId) {
      return true;
    }

    @Override
    public String toString() {
      return "loopback";
    }
  }

  /** An authenticated client (bearer token or client certificate) and the owner ids it was given. */
  record Client(String name, Set<String> owners) implements Caller {
    public Client {
      owners = Set.copyOf(owners);
    }

    @Override
    public boolean mayWriteAs(String ownerId) {
      return owners.contains(ownerId);
    }

    @Override
    public String toString() {
      return "client " + name;
    }
  }
}
