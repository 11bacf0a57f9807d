package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The documents {@code helm template} rendered, each kept both as text (to send to the API server
 * unchanged) and parsed into its fabric8 model class (kinds without one, such as DNSPolicy,
 * Certificate and ServiceMonitor, become {@link GenericKubernetesResource}).
 */
final class Rendered {
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** One rendered document. */
  record Document(String yaml, HasMetadata object) {
    String kind() {
      return object.getKind();
    }

    String name() {
      return object.getMetadata().getName();
    }
  }

  private final List<Document> documents;

  private Rendered(List<Document> documents) {
    this.documents = List.copyOf(documents);
  }

  static Rendered parse(String manifests) {
    List<Document> documents = new ArrayList<>();
    for (String part : DOCUMENT_SEPARATOR.split(manifests)) {
      boolean onlyComments = part.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"));
      if (!onlyComments) {
        documents.add(new Document(part, SERIALIZATION.unmarshal(part, HasMetadata.class)));
      }
    }
    return new Rendered(documents);
  }

  List<Document> documents() {
    return documents;
  }

  List<HasMetadata> objects() {
    return documents.stream().map(Document::object).toList();
  }

  /** The manifests without the documents of the given kinds, as one YAML stream. */
  String yamlWithout(Set<String> kinds) {
    return String.join("\n---\n",
        documents.stream().filter(d -> !kinds.contains(d.kind())).map(Document::yaml).toList());
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return documents.stream().map(Document::object).filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of this type and name; fails the test when there is none. */
  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> found = all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
    assertThat(found).as("%s %s among %s", type.getSimpleName(), name, kindsAndNames()).hasSize(1);
    return found.getFirst();
  }

  /** A kind without a model class (DNSPolicy, Certificate, Issuer, ServiceMonitor). */
  GenericKubernetesResource generic(String kind, String name) {
    List<GenericKubernetesResource> found = all(GenericKubernetesResource.class).stream()
        .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).toList();
    assertThat(found).as("%s %s among %s", kind, name, kindsAndNames()).hasSize(1);
    return found.getFirst();
  }

  List<String> kinds() {
    return documents.stream().map(Document::kind).toList();
  }

  List<String> kindsAndNames() {
    return documents.stream().map(d -> d.kind() + "/" + d.name()).toList();
  }

  /** The first container of a Deployment. */
  Container container(String deployment) {
    return one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  /** The value of a field reached through nested maps of a generic resource, e.g. ("spec", "privateKey", "encoding"). */
  @SuppressWarnings("unchecked")
  static Object field(GenericKubernetesResource resource, String... path) {
    Object current = resource.getAdditionalProperties();
    for (String key : path) {
      assertThat(current).as("parent of %s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
      current = ((Map<String, Object>) current).get(key);
    }
    return current;
  }
}
