package io.openova.dnsguard.certs.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.KeyAlgorithm;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingCertificate;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCodecTest {
  private static final ManagedCertificates EC =
      CertificateIssuer.create(MutableClock.atDefault()).issueAll(ServingIdentity.of("webhook", "system"));
  private static final ManagedCertificates RSA =
      CertificateIssuer.create(MutableClock.atDefault())
          .withKeyAlgorithm(KeyAlgorithm.RSA_2048)
          .issueAll(ServingIdentity.of("webhook", "system"));

  @TempDir Path directory;

  @Test
  void encodePrivateKey_ecKey_isUnencryptedPkcs8() throws Exception {
    String pem = PemCodec.encodePrivateKey(EC.serving().privateKey());

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----").contains("-----END PRIVATE KEY-----");
    assertThat(pem).doesNotContain("EC PRIVATE KEY");
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey parsed = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    assertThat(parsed).isEqualTo(EC.serving().privateKey());
  }

  @Test
  void decodePrivateKey_encodedEcAndRsa_roundTrips() {
    for (PrivateKey key : List.of(EC.serving().privateKey(), RSA.serving().privateKey())) {
      assertThat(PemCodec.decodePrivateKey(PemCodec.encodePrivateKey(key), "k")).isEqualTo(key);
    }
  }

  @Test
  void decodeCertificates_chain_roundTripsInOrder() {
    String pem = PemCodec.encodeCertificates(List.of(EC.serving().certificate(), EC.authority().certificate()));

    assertThat(PemCodec.decodeCertificates(pem, "chain"))
        .containsExactly(EC.serving().certificate(), EC.authority().certificate());
  }

  @Test
  void readCertificates_fileWithExplanatoryText_readsBlocks() throws Exception {
    Path file = directory.resolve("ca.crt");
    Files.writeString(file, "subject=dnsguard\n" + PemCodec.encodeCertificate(EC.authority().certificate()));

    assertThat(PemCodec.readCertificates(file)).containsExactly(EC.authority().certificate());
  }

  @Test
  void decodePrivateKey_sec1EcKey_isAccepted() throws Exception {
    String traditional = sec1WithCurve((ECPrivateKey) EC.serving().privateKey());

    assertThat(traditional).startsWith("-----BEGIN EC PRIVATE KEY-----");
    PrivateKey decoded = PemCodec.decodePrivateKey(traditional, "tls.key");
    assertThat(((ECPrivateKey) decoded).getS()).isEqualTo(((ECPrivateKey) EC.serving().privateKey()).getS());
    new ServingCertificate(decoded, EC.serving().certificate());
  }

  @Test
  void decodePrivateKey_pkcs1RsaKey_isAccepted() throws Exception {
    String traditional = traditional(RSA.serving().privateKey());

    assertThat(traditional).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(PemCodec.decodePrivateKey(traditional, "tls.key")).isEqualTo(RSA.serving().privateKey());
  }

  @Test
  void decode_emptyInput_saysEmpty() {
    assertThatThrownBy(() -> PemCodec.decodeCertificates("  \n", "tls.crt"))
        .isInstanceOf(PemException.class)
        .hasMessage("tls.crt: is empty");
  }

  @Test
  void decode_noPemBlock_saysSo() {
    assertThatThrownBy(() -> PemCodec.decodePrivateKey("just some text\n", "tls.key"))
        .isInstanceOf(PemException.class)
        .hasMessage("tls.key: no PEM block found (expected -----BEGIN ...-----)");
  }

  @Test
  void decode_brokenBase64_namesSourceAndProblem() {
    String pem = "-----BEGIN CERTIFICATE-----\n!!!!not base64!!!!\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> PemCodec.decodeCertificates(pem, "ca.crt"))
        .isInstanceOf(PemException.class)
        .hasMessageStartingWith("ca.crt: malformed PEM: ");
  }

  @Test
  void decode_missingEndLine_namesSourceAndProblem() {
    String pem = PemCodec.encodeCertificate(EC.authority().certificate());
    String truncated = pem.substring(0, pem.indexOf("-----END"));

    assertThatThrownBy(() -> PemCodec.decodeCertificates(truncated, "ca.crt"))
        .isInstanceOf(PemException.class)
        .hasMessageStartingWith("ca.crt: malformed PEM: ")
        .hasMessageContaining("END CERTIFICATE");
  }

  @Test
  void decode_validBase64ButNotDer_namesSource() {
    String pem =
        "-----BEGIN CERTIFICATE-----\n" + Base64.getEncoder().encodeToString("not a certificate".getBytes())
            + "\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> PemCodec.decodeCertificates(pem, "tls.crt"))
        .isInstanceOf(PemException.class)
        .hasMessageStartingWith("tls.crt: ");
  }

  @Test
  void decodePrivateKey_certificateGiven_saysWhatWasFound() {
    String pem = PemCodec.encodeCertificate(EC.serving().certificate());

    assertThatThrownBy(() -> PemCodec.decodePrivateKey(pem, "tls.key"))
        .isInstanceOf(PemException.class)
        .hasMessage("tls.key: expected a private key, found a CERTIFICATE");
  }

  @Test
  void decodeCertificates_keyGiven_saysWhatWasFoundWithoutKeyMaterial() {
    String pem = PemCodec.encodePrivateKey(EC.serving().privateKey());

    assertThatThrownBy(() -> PemCodec.decodeCertificates(pem, "tls.crt"))
        .isInstanceOf(PemException.class)
        .hasMessage("tls.crt: expected only CERTIFICATE blocks, found a PRIVATE KEY");
  }

  @Test
  void decodePrivateKey_twoKeys_isRejected() {
    String pem = PemCodec.encodePrivateKey(EC.serving().privateKey()) + PemCodec.encodePrivateKey(EC.authority().privateKey());

    assertThatThrownBy(() -> PemCodec.decodePrivateKey(pem, "tls.key"))
        .isInstanceOf(PemException.class)
        .hasMessage("tls.key: expected one private key, found 2 PEM blocks");
  }

  @Test
  void decodePrivateKey_encryptedPkcs8_isRejected() throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(
          new JcaPKCS8Generator(
              EC.serving().privateKey(),
              new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                  .setProvider(new BouncyCastleProvider())
                  .setPassword("secret".toCharArray())
                  .build()));
    }

    assertThatThrownBy(() -> PemCodec.decodePrivateKey(out.toString(), "tls.key"))
        .isInstanceOf(PemException.class)
        .hasMessage("tls.key: the private key is encrypted; dnsguard needs an unencrypted key");
  }

  @Test
  void readPrivateKey_missingFile_saysNoSuchFile() {
    Path missing = directory.resolve("absent.key");

    assertThatThrownBy(() -> PemCodec.readPrivateKey(missing))
        .isInstanceOf(PemException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void readCertificates_binaryFile_saysNotPem() throws Exception {
    Path file = directory.resolve("tls.crt");
    Files.write(file, EC.serving().certificate().getEncoded());

    assertThatThrownBy(() -> PemCodec.readCertificates(file))
        .isInstanceOf(PemException.class)
        .hasMessageStartingWith(file + ": ");
  }

  /** The SEC1 form OpenSSL writes ({@code openssl ec}): the curve named inside the key structure. */
  private static String sec1WithCurve(ECPrivateKey key) throws Exception {
    byte[] der =
        new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), new X962Parameters(SECObjectIdentifiers.secp256r1))
            .getEncoded();
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", der));
    }
    return out.toString();
  }

  private static String traditional(PrivateKey key) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }
    return out.toString();
  }
}
