package io.openova.dnsguard.reconciler.e2e;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.kube.SourceInformers;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Source objects as a cluster would hold them, status included (the tests play the Gateway and LB controllers). */
final class Cluster {
  private final KubernetesClient client;
  final String namespace;

  Cluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
  }

  KubernetesClient client() {
    return client;
  }

  /** A Gateway whose status carries {@code addresses} (IPs or hostnames). */
  Gateway gateway(String name, String... addresses) {
    Gateway gateway = client.resources(Gateway.class).inNamespace(namespace).resource(new GatewayBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withGatewayClassName("test")
        .addNewListener().withName("http").withPort(80).withProtocol("HTTP").endListener()
        .endSpec().build()).create();
    return gatewayAddresses(gateway.getMetadata().getName(), addresses);
  }

  Gateway gatewayAddresses(String name, String... addresses) {
    Gateway gateway = client.resources(Gateway.class).inNamespace(namespace).withName(name).get();
    gateway.setStatus(new io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder()
        .withAddresses(java.util.Arrays.stream(addresses).map(a -> new io.fabric8.kubernetes.api.model.gatewayapi.v1
            .GatewayStatusAddressBuilder().withType(a.matches("[0-9.:a-f]+") ? "IPAddress" : "Hostname").withValue(a).build())
            .toList())
        .build());
    return client.resources(Gateway.class).inNamespace(namespace).resource(gateway).updateStatus();
  }

  /** Changes an annotation of the Gateway: a watch event that changes no DNS (makes a sync happen). */
  void touchGateway(String name) {
    client.resources(Gateway.class).inNamespace(namespace).withName(name).edit(g -> {
      g.getMetadata().getAnnotations().put("test/touched", Long.toString(System.nanoTime()));
      return g;
    });
  }

  /** An HTTPRoute attached to {@code gateway} and accepted by it. */
  HTTPRoute route(String name, String gateway, Map<String, String> annotations, String... hostnames) {
    HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(namespace).resource(new HTTPRouteBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations).endMetadata()
        .withNewSpec().withHostnames(hostnames).addNewParentRef().withName(gateway).endParentRef().endSpec()
        .build()).create();
    route.setStatus(new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder()
        .withParents(new RouteParentStatusBuilder()
            .withControllerName("example.com/gateway-controller")
            .withNewParentRef().withName(gateway).endParentRef()
            .withConditions(new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Accepted")
                .withMessage("").withLastTransitionTime(Instant.now().toString().replaceFirst("\\.[0-9]+Z$", "Z"))
                .build())
            .build())
        .build());
    return client.resources(HTTPRoute.class).inNamespace(namespace).resource(route).updateStatus();
  }

  HTTPRoute annotateRoute(String name, Map<String, String> annotations) {
    return client.resources(HTTPRoute.class).inNamespace(namespace).withName(name)
        .edit(r -> {
          r.getMetadata().setAnnotations(annotations);
          return r;
        });
  }

  /** A LoadBalancer Service named by the hostname annotation, with {@code ingressIp} in its status. */
  Service loadBalancer(String name, String hostname, String ingressIp) {
    Service service = client.services().inNamespace(namespace).resource(new ServiceBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace)
        .withAnnotations(Map.of("external-dns.alpha.kubernetes.io/hostname", hostname)).endMetadata()
        .withNewSpec().withType("LoadBalancer").addNewPort().withPort(443).endPort().endSpec()
        .build()).create();
    service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
        .addNewIngress().withIp(ingressIp).endIngress().endLoadBalancer().build());
    return client.services().inNamespace(namespace).resource(service).updateStatus();
  }

  /** An Ingress with one rule host and {@code lbHostname} in its status. */
  Ingress ingress(String name, String host, String lbHostname) {
    Ingress ingress = client.network().v1().ingresses().inNamespace(namespace).resource(new IngressBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().addNewRule().withHost(host).endRule().endSpec().build()).create();
    ingress.setStatus(new io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder().withNewLoadBalancer()
        .addNewIngress().withHostname(lbHostname).endIngress().endLoadBalancer().build());
    return client.network().v1().ingresses().inNamespace(namespace).resource(ingress).updateStatus();
  }

  GenericKubernetesResource dnsEndpoint(String name, String dnsName, String type, long ttl, String... targets) {
    return client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(namespace).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(Map.of(
                "dnsName", dnsName, "recordType", type, "recordTTL", ttl, "targets", List.of(targets))))))
            .build()).create();
  }

  void delete(HasMetadata object) {
    client.resource(object).inNamespace(namespace).delete();
  }
}
