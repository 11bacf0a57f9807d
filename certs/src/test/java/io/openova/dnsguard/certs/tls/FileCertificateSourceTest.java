package io.openova.dnsguard.certs.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.pem.PemException;
import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Secret volume as the kubelet lays it out: files behind a {@code ..data} symlink swapped on update. */
class FileCertificateSourceTest {
  private static final CertificateIssuer ISSUER = CertificateIssuer.create(MutableClock.atDefault());
  private static final ServingIdentity IDENTITY = ServingIdentity.of("webhook", "system");
  private static final FileTime FIXED_TIME = FileTime.fromMillis(1_700_000_000_000L);

  @TempDir Path mount;
  private final ManagedCertificates first = ISSUER.issueAll(IDENTITY);
  private final ManagedCertificates second = ISSUER.issueAll(IDENTITY);
  private final List<TlsMaterial> changes = new CopyOnWriteArrayList<>();
  private int generation;

  @BeforeEach
  void mountFirstPair() throws IOException {
    publish(first.serving().certificate(), first);
    for (String name : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
    }
  }

  @Test
  void files_mountedSecret_yieldsKeyChainAndBundle() throws Exception {
    try (CertificateSource source = CertificateSource.files(mount)) {
      TlsMaterial material = source.current();

      assertThat(material.privateKey()).isEqualTo(first.serving().privateKey());
      assertThat(material.chain()).containsExactly(first.serving().certificate());
      assertThat(material.caBundle()).containsExactly(first.authority().certificate());
      assertThat(material.keyStore(new char[0]).isKeyEntry(TlsMaterial.KEY_ALIAS)).isTrue();
    }
  }

  @Test
  void refresh_unchangedFiles_reportsNoChange() {
    try (CertificateSource source = CertificateSource.files(mount)) {
      source.onChange(changes::add);

      assertThat(source.refresh()).isFalse();
      assertThat(changes).isEmpty();
    }
  }

  @Test
  void refresh_symlinkSwapWithSameMtimes_noticesNewPair() throws IOException {
    try (CertificateSource source = CertificateSource.files(mount)) {
      source.onChange(changes::add);

      publish(second.serving().certificate(), second);

      assertThat(source.refresh()).isTrue();
      assertThat(changes).singleElement().satisfies(material -> {
        assertThat(material.leaf()).isEqualTo(second.serving().certificate());
        assertThat(material.privateKey()).isEqualTo(second.serving().privateKey());
      });
      assertThat(source.current().leaf()).isEqualTo(second.serving().certificate());
      assertThat(source.refresh()).isFalse();
    }
  }

  @Test
  void refresh_keyAndCertificateMismatch_keepsOldPairUntilConsistent() throws IOException {
    try (CertificateSource source = CertificateSource.files(mount)) {
      source.onChange(changes::add);

      publish(second.serving().certificate(), first);
      assertThat(source.refresh()).isFalse();
      assertThat(source.current().leaf()).isEqualTo(first.serving().certificate());

      publish(second.serving().certificate(), second);
      assertThat(source.refresh()).isTrue();
      assertThat(changes).hasSize(1);
    }
  }

  @Test
  void refresh_malformedUpdate_keepsOldPair() throws IOException {
    try (CertificateSource source = CertificateSource.files(mount)) {
      Path directory = mount.resolve("..broken");
      Files.createDirectory(directory);
      Files.writeString(directory.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
      Files.writeString(directory.resolve("tls.key"), PemCodec.encodePrivateKey(second.serving().privateKey()));
      Files.writeString(directory.resolve("ca.crt"), PemCodec.encodeCertificates(second.caBundle()));
      swapDataLink(directory);

      assertThat(source.refresh()).isFalse();
      assertThat(source.current().leaf()).isEqualTo(first.serving().certificate());
    }
  }

  @Test
  void start_polling_notifiesListenerAfterSwap() throws Exception {
    CountDownLatch changed = new CountDownLatch(1);
    try (CertificateSource source = CertificateSource.files(mount)) {
      source.onChange(material -> changed.countDown());
      source.start(Duration.ofMillis(20));

      publish(second.serving().certificate(), second);

      assertThat(changed.await(2, TimeUnit.SECONDS)).isTrue();
      assertThat(source.current().leaf()).isEqualTo(second.serving().certificate());
    }
  }

  @Test
  void files_missingKey_failsNamingTheFile() throws IOException {
    Files.delete(mount.resolve("tls.key"));

    assertThatThrownBy(() -> CertificateSource.files(mount))
        .isInstanceOf(PemException.class)
        .hasMessage(mount.resolve("tls.key") + ": no such file");
  }

  @Test
  void files_withoutCaFile_hasEmptyBundle() throws IOException {
    Files.delete(mount.resolve("ca.crt"));

    try (CertificateSource source = CertificateSource.files(mount)) {
      assertThat(source.current().caBundle()).isEmpty();
    }
  }

  /** Writes a new timestamped directory and swaps {@code ..data} to it, keeping the old mtimes. */
  private void publish(java.security.cert.X509Certificate certificate, ManagedCertificates keyAndCa)
      throws IOException {
    Path directory = mount.resolve("..2026_11_24_10_00_0" + (++generation));
    Files.createDirectory(directory);
    Files.writeString(directory.resolve("tls.crt"), PemCodec.encodeCertificate(certificate));
    Files.writeString(directory.resolve("tls.key"), PemCodec.encodePrivateKey(keyAndCa.serving().privateKey()));
    Files.writeString(directory.resolve("ca.crt"), PemCodec.encodeCertificates(keyAndCa.caBundle()));
    for (String name : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.setLastModifiedTime(directory.resolve(name), FIXED_TIME);
    }
    swapDataLink(directory);
  }

  private void swapDataLink(Path directory) throws IOException {
    Path temporary = mount.resolve("..data_tmp");
    Files.createSymbolicLink(temporary, directory.getFileName());
    Files.move(temporary, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
