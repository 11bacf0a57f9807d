package io.openova.dnsguard.policies.claim;

import java.util.List;
import java.util.Objects;

/** What one object asks for: its valid claims and every value that did not parse. */
public record Extraction(ObjectRef object, List<Claim> claims, List<InputProblem> problems) {
  public Extraction {
    Objects.requireNonNull(object, "object");
    claims = List.copyOf(claims);
    problems = List.copyOf(problems);
  }
}
