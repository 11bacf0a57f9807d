package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Kubernetes label selector applied to a Namespace's labels; a selector that does not parse admits nothing. */
final class NamespaceSelector {
  private NamespaceSelector() {}

  static boolean matches(@Nullable LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false; // the Gateway API requires a selector with From=Selector; without one nothing is admitted
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
        if (!required.getValue().equals(labels.get(required.getKey()))) {
          return false;
        }
      }
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement requirement : expressions) {
      String value = labels.get(requirement.getKey());
      List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
      boolean met = switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
      if (!met) {
        return false;
      }
    }
    return true;
  }
}
