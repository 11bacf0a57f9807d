package io.openova.dnsguard.testbench;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real Helm (the Go library through helm-java) on the project's chart: lint, template, and the
 * check that what it renders is valid Kubernetes — decided by a real API server (server-side dry
 * run with strict field validation), not by a copy of its schemas.
 */
public final class HelmChart {
  private final Path dir;
  private final String kubeVersion;

  /** The chart in {@code dir}, rendered for a cluster of {@code kubeVersion} (e.g. 1.35.4). */
  public HelmChart(Path dir, String kubeVersion) {
    this.dir = dir;
    this.kubeVersion = kubeVersion;
  }

  /** {@code helm lint --strict}: the messages, or an exception listing them when lint fails. */
  public List<String> lintStrict() {
    LintResult result = new Helm(dir).lint().strict().call();
    if (result.isFailed()) {
      throw new IllegalStateException("helm lint --strict failed: " + String.join("; ", result.getMessages()));
    }
    return result.getMessages();
  }

  /** {@code helm template} with the release name, namespace and values given. */
  public String template(String release, String namespace, Map<String, ?> values, List<Path> valuesFiles) {
    TemplateCommand command = new Helm(dir).template()
        .withName(release)
        .withNamespace(namespace)
        .withKubeVersion(kubeVersion);
    valuesFiles.forEach(command::withValuesFile);
    values.forEach(command::set);
    return command.call();
  }

  /**
   * Sends every rendered object to the API server as a dry-run create with strict field
   * validation; returns one line per object that the server refused (empty when all are valid).
   */
  public static List<String> validate(KubernetesClient client, String manifests) {
    List<HasMetadata> objects = client.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
    if (objects.isEmpty()) {
      return List.of("the chart rendered no objects");
    }
    List<String> refused = new ArrayList<>();
    for (HasMetadata object : objects) {
      try {
        client.resource(object).dryRun().fieldValidation(FieldValidateable.Validation.STRICT).create();
      } catch (KubernetesClientException e) {
        refused.add(object.getKind() + " " + object.getMetadata().getName() + ": " + e.getMessage());
      }
    }
    return refused;
  }
}
