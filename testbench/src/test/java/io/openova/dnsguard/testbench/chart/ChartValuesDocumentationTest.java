package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml is commented: each key either has a comment right above it, or lies
 * inside a value that has one (e.g. the fields of {@code podSecurityContext}). Keys that only group
 * other keys ({@code webhook:}, {@code provider: powerdns:}) need no comment of their own, but every
 * value below them does.
 */
class ChartValuesDocumentationTest {
  private static final Pattern KEY = Pattern.compile("^(\\s*)(?:- )?([A-Za-z][\\w.-]*):(.*)$");

  private record Key(int indent, String name, boolean commented, boolean documented) {}

  @Test
  void valuesYaml_everyValue_isCommented() throws IOException {
    List<String> lines = Files.readAllLines(Charts.DIR.resolve("values.yaml"));
    List<String> undocumented = new ArrayList<>();
    Deque<Key> ancestors = new ArrayDeque<>();
    String previous = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        if (!line.isBlank()) {
          previous = line;
        }
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (!key.matches()) {
        previous = line;
        continue;
      }
      int indent = key.group(1).length() + (line.stripLeading().startsWith("- ") ? 2 : 0);
      while (!ancestors.isEmpty() && ancestors.peek().indent() >= indent) {
        ancestors.pop();
      }
      boolean commented = previous.stripLeading().startsWith("#");
      boolean insideDocumentedValue = ancestors.stream().anyMatch(Key::documented);
      boolean group = key.group(3).isBlank() && i + 1 < lines.size() && indentOfNextContent(lines, i) > indent
          && !commented;
      if (!group && !commented && !insideDocumentedValue) {
        undocumented.add((i + 1) + ": " + line.strip());
      }
      ancestors.push(new Key(indent, key.group(2), commented, commented || insideDocumentedValue));
      previous = line;
    }

    assertThat(undocumented).as("values.yaml keys without a comment").isEmpty();
  }

  private static int indentOfNextContent(List<String> lines, int index) {
    for (int i = index + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
        return line.length() - line.stripLeading().length();
      }
    }
    return -1;
  }
}
