package io.openova.dnsguard.testbench.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class the suite's one real kube-apiserver: a {@code KubernetesClient} or
 * {@code KubeApiServer} parameter is injected. Started on first use, stopped when the test run
 * ends. When the binaries are missing the tests fail, never skip.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubeApiServerExtension.class)
public @interface RealKubeApiServer {}
