package io.openova.dnsguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.registry.TxtFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnforcementTest {
  private static final DnsPolicy WARN = new DnsPolicy("p", "openova", new TxtSettings("_externaldns.", "", TxtFormat.NEW, ""),
      UnmanagedDomains.DENY, false,
      List.of(new DomainRule(Hostname.of("example.com"), Set.of("a"), Optional.empty(), WildcardPolicy.SAME_NAMESPACE),
          new DomainRule(Hostname.of("prod.example.com"), Set.of("a"), Optional.empty(), WildcardPolicy.SAME_NAMESPACE,
              Optional.of(Action.ENFORCE))),
      List.of(), Action.WARN);

  private static Violation claimed(String name, String by) {
    return Violation.of(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT, Hostname.of(name),
        "hostname \"" + name + "\" is already claimed by " + by + " (since 2026-11-20T10:00:00Z)", "is claimed by " + by);
  }

  @Test
  void of_violationsUnderWarnAndEnforceDomains_deniesOnlyTheEnforcedOnesAndWarnsTheRest() {
    Decision decision = Decision.Deny.of(List.of(claimed("api.example.com", "HTTPRoute b/api"),
        claimed("api.prod.example.com", "HTTPRoute b/prod")));

    Enforcement enforcement = Enforcement.of(WARN, decision);

    assertThat(enforcement.denial()).get().extracting(Decision.Deny::message)
        .isEqualTo("hostname \"api.prod.example.com\" is already claimed by HTTPRoute b/prod (since 2026-11-20T10:00:00Z)");
    assertThat(enforcement.warnings()).containsExactly("dnsguard first-claim: \"api.example.com\" is claimed by HTTPRoute b/api");
    assertThat(enforcement.outcome()).isEqualTo("denied");
  }

  @Test
  void of_onlyWarnedViolations_admitsWithWarnings() {
    Enforcement enforcement = Enforcement.of(WARN, Decision.Deny.of(List.of(claimed("api.example.com", "HTTPRoute b/api"))));

    assertThat(enforcement.admitted()).isTrue();
    assertThat(enforcement.outcome()).isEqualTo("warned");
  }

  @Test
  void warning_longNamesAndOwners_fitsOneLineAndStillNamesBothEnds() {
    String host = "a-very-long-first-label-of-sixty-three-characters-long-enough-x."
        + "b-second-label-that-is-long-too.c-third.team-storefront.example.com";
    Violation violation = claimed(host, "HTTPRoute a-namespace-with-a-long-name/a-route-with-an-even-longer-name");

    String warning = Enforcement.warning(violation);

    assertThat(warning).hasSizeLessThanOrEqualTo(Enforcement.MAX_WARNING)
        .startsWith("dnsguard first-claim: \"a-very-long")
        .contains("example.com\" is claimed by HTTPRoute a-namespace-with-a-long-name/a-route");
  }

  @Test
  void allow_isAllowed() {
    assertThat(Enforcement.of(WARN, Decision.ALLOW).outcome()).isEqualTo("allowed");
  }

  @Test
  void actionFor_unmanagedNameOrInputProblem_takesThePolicyAction() {
    Violation unmanaged = Violation.of(PolicyRule.DOMAIN_PERMISSION, DenyCode.FORBIDDEN, Hostname.of("x.other.org"),
        "hostname \"x.other.org\" is outside every domain", "is outside every domain");
    Violation input = new Violation(PolicyRule.VALID_INPUT, DenyCode.INVALID, Optional.empty(), "spec: bad", "invalid spec");

    assertThat(WARN.actionFor(unmanaged)).isEqualTo(Action.WARN);
    assertThat(WARN.actionFor(input)).isEqualTo(Action.WARN);
  }
}
