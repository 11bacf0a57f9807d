package io.openova.dnsguard.testbench.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.KubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One kube-apiserver per test run (JVM), shared by every class that asks: starting one costs
 * seconds, and tests keep apart by using their own namespaces and names.
 */
public final class KubeApiServerExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  /** Extra CRDs every test server gets: the project's own, found from the module's directory. */
  private static List<Path> projectCrds() {
    Path dir = Path.of(System.getProperty("dnsguard.crds", "../chart/crds"));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static KubeApiServer server(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("server", key -> new Closing(KubeApiServer.start(projectCrds(), List.of())), Closing.class)
        .server();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == KubeApiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KubeApiServer server = server(context);
    return parameter.getParameter().getType() == KubernetesClient.class ? server.client() : server;
  }

  /** Stops the server when JUnit closes the root store at the end of the run. */
  private record Closing(KubeApiServer server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
