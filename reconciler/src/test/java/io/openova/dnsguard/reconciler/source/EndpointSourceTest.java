package io.openova.dnsguard.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.claim.GatewayView;
import io.openova.dnsguard.policies.plan.Desired;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointSourceTest {
  private static final Gateway GATEWAY = new GatewayBuilder()
      .withNewMetadata().withName("gw").withNamespace("infra").endMetadata()
      .withNewSpec().withGatewayClassName("c").addNewListener().withName("http").withProtocol("HTTP").withPort(80)
      .withNewAllowedRoutes().withNewNamespaces().withFrom("All").endNamespaces().endAllowedRoutes().endListener()
      .endSpec()
      .withNewStatus().addNewAddress().withType("IPAddress").withValue("192.0.2.1").endAddress()
      .addNewAddress().withType("IPAddress").withValue("2001:db8::1").endAddress().endStatus()
      .build();
  private static final GatewayView GATEWAYS = new GatewayView() {
    @Override
    public Optional<Gateway> gateway(String namespace, String name) {
      return namespace.equals("infra") && name.equals("gw") ? Optional.of(GATEWAY) : Optional.empty();
    }

    @Override
    public Optional<ListenerSet> listenerSet(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
      return Optional.of(Map.of());
    }
  };
  private static final Attachment ACCEPTED = Attachment.accepted(GATEWAYS);
  private static final EndpointSource SOURCE = new EndpointSource(ACCEPTED);

  @Test
  void endpoints_routeAcceptedByGateway_aAndAaaaFromItsAddresses() {
    List<Desired> desired = endpoints(route(Map.of(), "True"));
    assertThat(desired).extracting(d -> d.set().toString())
        .containsExactlyInAnyOrder("app.example.com 300 A [192.0.2.1]", "app.example.com 300 AAAA [2001:db8::1]");
    assertThat(desired).allMatch(d -> d.resource().equals("httproute/team-a/app"));
  }

  @Test
  void endpoints_routeNotAccepted_nothing() {
    assertThat(endpoints(route(Map.of(), "False"))).isEmpty();
  }

  @Test
  void endpoints_targetAndTtlAnnotations_overrideGateway() {
    List<Desired> desired = endpoints(route(Map.of("external-dns.kubernetes.io/target", "lb.example.net",
        "external-dns.alpha.kubernetes.io/ttl", "1h"), "True"));
    assertThat(desired).extracting(d -> d.set().toString()).containsExactly("app.example.com 3600 CNAME [lb.example.net]");
  }

  @Test
  void endpoints_serviceInternalHostname_clusterIp() {
    HasMetadata service = new ServiceBuilder().withNewMetadata().withName("db").withNamespace("team-a")
        .withAnnotations(Map.of("external-dns.alpha.kubernetes.io/internal-hostname", "db.internal.example.com"))
        .endMetadata().withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.10").endSpec().build();
    assertThat(endpoints(service)).extracting(d -> d.set().toString())
        .containsExactly("db.internal.example.com 300 A [10.96.0.10]");
  }

  @Test
  void endpoints_loadBalancerPending_nothing() {
    HasMetadata service = new ServiceBuilder().withNewMetadata().withName("lb").withNamespace("team-a")
        .withAnnotations(Map.of("external-dns.kubernetes.io/hostname", "lb.example.com")).endMetadata()
        .withNewSpec().withType("LoadBalancer").endSpec().build();
    assertThat(endpoints(service)).isEmpty();
  }

  private static List<Desired> endpoints(HasMetadata object) {
    return SOURCE.endpoints(object, ClaimExtractor.extract(SourceObject.of(object).orElseThrow(), ACCEPTED));
  }

  private static HasMetadata route(Map<String, String> annotations, String accepted) {
    return new HTTPRouteBuilder()
        .withNewMetadata().withName("app").withNamespace("team-a").withAnnotations(annotations).endMetadata()
        .withNewSpec().withHostnames("app.example.com").addNewParentRef().withName("gw").withNamespace("infra")
        .endParentRef().endSpec()
        .withNewStatus().addNewParent().withControllerName("x").withNewParentRef().withName("gw").withNamespace("infra")
        .endParentRef().withConditions(new ConditionBuilder().withType("Accepted").withStatus(accepted).build())
        .endParent().endStatus()
        .build();
  }
}
