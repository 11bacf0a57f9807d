package io.openova.dnsguard.testbench.junit;

import io.openova.dnsguard.testbench.PowerDnsServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** One PowerDNS per test class, kept in the class's store and stopped when the class ends. */
public final class PowerDnsExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PowerDnsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PowerDnsServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ExtensionContext classContext = context.getTestMethod().isPresent()
        ? context.getParent().orElseThrow()
        : context;
    boolean rectify = AnnotationSupport.findAnnotation(testClass, RealPowerDns.class)
        .map(RealPowerDns::apiRectify)
        .orElse(false);
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent("server",
            key -> new Closing(PowerDnsServer.start(new PowerDnsServer.Options(rectify))), Closing.class)
        .server();
  }

  private record Closing(PowerDnsServer server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
