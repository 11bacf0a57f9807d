package io.openova.dnsguard.commandline;

/**
 * dnsguard builds PKCS#12 key stores in memory only (fabric8's from a kubeconfig's client key, the
 * webhook's TLS key) and never stores one: the 10,000 PBKDF2 rounds that guard a stored key's
 * encryption guard nothing here, and cost a cold start ~0.1 s of its main thread plus ~0.4 s of JIT
 * compiling (BENCHMARKS.md). A process's entry point calls {@link #inMemoryOnly} first.
 */
public final class KeyStoreRounds {
  static final String PROPERTY = "keystore.pkcs12.keyPbeIterationCount";

  private KeyStoreRounds() {}

  /** One round for the key stores this process builds, unless {@code -D} set the property. */
  public static void inMemoryOnly() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "1");
    }
  }
}
