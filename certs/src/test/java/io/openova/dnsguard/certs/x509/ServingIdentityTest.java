package io.openova.dnsguard.certs.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServingIdentityTest {

  @Test
  void dnsNames_service_listsFourServiceFormsThenExtras() {
    ServingIdentity identity = ServingIdentity.of("webhook", "system").withDnsNames(List.of("Local.Example.", "webhook"));

    assertThat(identity.dnsNames())
        .containsExactly(
            "webhook", "webhook.system", "webhook.system.svc", "webhook.system.svc.cluster.local", "local.example");
  }

  @Test
  void subjectAltNames_ipv6_isCanonical() {
    ServingIdentity identity = ServingIdentity.of("webhook", "system").withIpAddresses(List.of("::1", "127.0.0.1"));

    assertThat(identity.subjectAltNames()).contains("IP:0:0:0:0:0:0:0:1", "IP:127.0.0.1", "DNS:webhook.system.svc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Webhook", "-webhook", "web_hook", "a.b"})
  void constructor_invalidService_isRejected(String service) {
    assertThatThrownBy(() -> ServingIdentity.of(service, "system"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost.localdomain1x", "example.com", "256.1.1.1", "1.2.3", "::g", "10.0.0.1/8"})
  void withIpAddresses_notAnIpLiteral_isRejectedWithoutLookup(String value) {
    assertThatThrownBy(() -> ServingIdentity.of("webhook", "system").withIpAddresses(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IP address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad_name.example", "-x.example", "a..b", "x.*.example"})
  void withDnsNames_invalidName_isRejected(String value) {
    assertThatThrownBy(() -> ServingIdentity.of("webhook", "system").withDnsNames(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(value);
  }

  @Test
  void commonName_longNames_fallsBackToService() {
    String service = "s".repeat(40);
    String namespace = "n".repeat(40);

    assertThat(ServingIdentity.of(service, namespace).commonName()).isEqualTo(service);
    assertThat(ServingIdentity.of("webhook", "system").commonName()).isEqualTo("webhook.system.svc");
  }
}
