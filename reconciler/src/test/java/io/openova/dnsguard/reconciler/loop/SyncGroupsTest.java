package io.openova.dnsguard.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimSource;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a sync cuts its objects into groups ({@link ReconcileLoop.Group}): growing sizes, shared names together. */
class SyncGroupsTest {
  private final Map<HasMetadata, Extraction> extractions = new IdentityHashMap<>();
  private final Set<Hostname> names = new LinkedHashSet<>();

  private HasMetadata object(String name, List<String> hostnames) {
    GenericKubernetesResource object = new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1")
        .withKind("DNSEndpoint").withNewMetadata().withNamespace("ns").withName(name).endMetadata().build();
    ObjectRef ref = new ObjectRef(SourceKind.DNS_ENDPOINT, "ns", name, name, null);
    List<Claim> claims = new ArrayList<>();
    for (String hostname : hostnames) {
      Hostname host = Hostname.of(hostname);
      claims.add(new Claim(host, ref, new ClaimSource("spec.endpoints"), Set.of(RecordType.A)));
      names.add(host);
    }
    extractions.put(object, new Extraction(ref, claims, List.of()));
    return object;
  }

  private static List<String> hosts(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(prefix + i + ".example.com");
    }
    return out;
  }

  private List<ReconcileLoop.Group> groups(List<HasMetadata> objects, PartSizes sizes) {
    return ReconcileLoop.Group.of(new DecisionMemory.Touched(objects, names), extractions::get, sizes);
  }

  private static List<List<String>> members(List<ReconcileLoop.Group> groups) {
    return groups.stream().map(g -> g.objects().stream().map(o -> o.getMetadata().getName()).toList()).toList();
  }

  @Test
  void groupsCloseAtGrowingSizes_wholeObjectsEach() {
    List<HasMetadata> objects = List.of(object("a", hosts("a", 300)), object("b", hosts("b", 300)),
        object("c", hosts("c", 300)), object("d", hosts("d", 300)), object("e", hosts("e", 600)),
        object("f", hosts("f", 600)));

    List<ReconcileLoop.Group> groups = groups(objects, new PartSizes(256, 1_000));

    // 256, then 512, then 1,000 names or more: a, b + c (600), d + e + f (1,500)
    assertThat(members(groups)).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e", "f"));
    assertThat(groups.stream().mapToInt(g -> g.names().size()).sum()).isEqualTo(2_400);
  }

  @Test
  void objectsSharingAName_inOneGroup_andNamesNoObjectClaims_last() {
    List<HasMetadata> objects = List.of(object("a", hosts("a", 300)), object("z", List.of("z.example.com")),
        object("shares-with-a", List.of("a0.example.com", "s.example.com")));
    names.add(Hostname.of("gone.example.com")); // a deleted object's name

    List<ReconcileLoop.Group> groups = groups(objects, new PartSizes(256, 1_000));

    assertThat(members(groups)).containsExactly(List.of("a", "shares-with-a"), List.of("z"));
    assertThat(groups.getLast().names()).contains(Hostname.of("gone.example.com"));
    assertThat(groups.getFirst().names()).contains(Hostname.of("s.example.com")).hasSize(301);
  }
}
