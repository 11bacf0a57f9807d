package io.openova.dnsguard.commandline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyStoreRoundsTest {
  private final String given = System.getProperty(KeyStoreRounds.PROPERTY);

  @AfterEach
  void restore() {
    if (given == null) {
      System.clearProperty(KeyStoreRounds.PROPERTY);
    } else {
      System.setProperty(KeyStoreRounds.PROPERTY, given);
    }
  }

  @Test
  void oneRoundUnlessGiven() {
    System.clearProperty(KeyStoreRounds.PROPERTY);
    KeyStoreRounds.inMemoryOnly();
    assertThat(System.getProperty(KeyStoreRounds.PROPERTY)).isEqualTo("1");

    System.setProperty(KeyStoreRounds.PROPERTY, "20000");
    KeyStoreRounds.inMemoryOnly();
    assertThat(System.getProperty(KeyStoreRounds.PROPERTY)).isEqualTo("20000");
  }
}
