package io.openova.dnsguard.testbench.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class its own real PowerDNS server (fresh database, loopback ports, API on): a
 * {@code PowerDnsServer} parameter is injected. Started before the first test of the class,
 * stopped after the last. When PowerDNS is not installed the tests fail, never skip.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PowerDnsExtension.class)
public @interface RealPowerDns {
  /** PowerDNS's {@code default-api-rectify}; dnsguard recommends off for zones without DNSSEC. */
  boolean apiRectify() default false;
}
