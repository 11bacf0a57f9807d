package io.openova.dnsguard.policies.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What admission does with a decision once each violation takes its action ({@link
 * DnsPolicy#actionFor}): refused with the enforced violations' message, or admitted, with a short
 * warning for each warned violation; audited ones are admitted silently.
 *
 * @param denial the denial to answer, present when some violation is enforced
 */
public record Enforcement(Optional<Decision.Deny> denial, List<Violation> warned, List<Violation> audited) {

  /** Kubernetes asks for warnings short enough to read on one terminal line. */
  public static final int MAX_WARNING = 120;

  public Enforcement {
    warned = List.copyOf(warned);
    audited = List.copyOf(audited);
  }

  public static Enforcement of(DnsPolicy policy, Decision decision) {
    return switch (decision) {
      case Decision.Allow allow -> new Enforcement(Optional.empty(), List.of(), List.of());
      case Decision.Deny deny -> {
        List<Violation> enforced = new ArrayList<>();
        List<Violation> warned = new ArrayList<>();
        List<Violation> audited = new ArrayList<>();
        for (Violation violation : deny.violations()) {
          switch (policy.actionFor(violation)) {
            case ENFORCE -> enforced.add(violation);
            case WARN -> warned.add(violation);
            case AUDIT -> audited.add(violation);
          }
        }
        yield new Enforcement(enforced.isEmpty() ? Optional.empty() : Optional.of(Decision.Deny.of(enforced)),
            warned, audited);
      }
    };
  }

  public boolean admitted() {
    return denial.isEmpty();
  }

  /** {@code denied}, {@code warned}, {@code audited} or {@code allowed}: the outcome metrics count. */
  public String outcome() {
    return denial.isPresent() ? "denied" : !warned.isEmpty() ? "warned" : !audited.isEmpty() ? "audited" : "allowed";
  }

  /** One line per warned violation, each at most {@link #MAX_WARNING} characters, naming the collision. */
  public List<String> warnings() {
    return warned.stream().map(Enforcement::warning).distinct().toList();
  }

  /**
   * {@code dnsguard first-claim: "api.example.com" is claimed by HTTPRoute team-a/api}, shortened to
   * fit: a long name keeps its first and last characters, then the collision is cut at its end.
   */
  static String warning(Violation violation) {
    String head = "dnsguard " + violation.rule().id() + ": ";
    String collision = violation.collision();
    if (violation.hostname().isEmpty()) {
      return cut(head + collision);
    }
    String name = violation.hostname().get().value();
    int available = MAX_WARNING - head.length() - 3; // two quotes and a space
    if (name.length() + collision.length() > available) {
      name = elide(name, Math.min(name.length(), Math.max(30, available - collision.length())));
    }
    return cut(head + "\"" + name + "\" " + collision);
  }

  private static String cut(String line) {
    return line.length() > MAX_WARNING ? line.substring(0, MAX_WARNING - 1) + "…" : line;
  }

  private static String elide(String text, int room) {
    if (text.length() <= room) {
      return text;
    }
    int keepEnd = (room - 1) / 2;
    int keepStart = room - 1 - keepEnd;
    return text.substring(0, keepStart) + "…" + text.substring(text.length() - keepEnd);
  }
}
