package io.openova.dnsguard.policies.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses YAML (one or many documents) into Jackson trees, remembering the line of every node by its
 * JSON pointer, so that errors found later (schema, hostnames) can name the line.
 */
public final class YamlDocuments {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 64;

  /** One document: its tree and the 1-based line of each JSON pointer ("" is the root). */
  public record Document(JsonNode tree, Map<String, Integer> lines) {
    public Document {
      lines = Map.copyOf(lines);
    }

    /** The line of {@code pointer}, or of its nearest ancestor that has one. */
    public int lineOf(String pointer) {
      String p = pointer;
      while (true) {
        Integer line = lines.get(p);
        if (line != null || p.isEmpty()) {
          return line == null ? 1 : line;
        }
        p = p.substring(0, p.lastIndexOf('/'));
      }
    }
  }

  /** A YAML syntax error with its 1-based line. */
  public static final class YamlSyntaxException extends Exception {
    private final int line;

    YamlSyntaxException(int line, String problem) {
      super(problem);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private YamlDocuments() {}

  /** All non-empty documents of {@code text}. */
  public static List<Document> parse(String text) throws YamlSyntaxException {
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build();
    List<Document> documents = new ArrayList<>();
    try {
      checkEvents(settings, text);
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree = convert(node, "", lines, 0);
        if (!tree.isNull()) {
          documents.add(new Document(tree, lines));
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
      throw new YamlSyntaxException(line, e.getProblem() == null ? "invalid YAML" : e.getProblem().strip());
    } catch (YamlEngineException e) {
      throw new YamlSyntaxException(1, e.getMessage() == null ? "invalid YAML" : e.getMessage().lines().findFirst().orElse("invalid YAML"));
    } catch (IllegalArgumentException e) { // the composer's own checks beyond checkEvents' (none known)
      throw new YamlSyntaxException(1, String.valueOf(e.getMessage()));
    }
    return documents;
  }

  /**
   * The composer builds nodes recursively, so a document nested a million levels deep ("[[[[...",
   * "- - - - ...") would exhaust the stack before {@link #convert} could count; the event stream is
   * flat, so the depth is checked there first. So are tags: the composer refuses an empty one or one
   * with a space or control character at either end ({@code !%20}) with an unchecked exception.
   */
  private static void checkEvents(LoadSettings settings, String text) throws YamlSyntaxException {
    int depth = 0;
    for (Event event : new Parse(settings).parseString(text)) {
      Optional<String> tag = event instanceof ScalarEvent scalar ? scalar.getTag()
          : event instanceof CollectionStartEvent start ? start.getTag() : Optional.empty();
      if (tag.isPresent() && (tag.get().isEmpty() || tag.get().trim().length() != tag.get().length())) {
        throw new YamlSyntaxException(event.getStartMark().map(m -> m.getLine() + 1).orElse(1),
            "a tag is empty or begins or ends with a space or control character");
      }
      switch (event) {
        case SequenceStartEvent start -> depth++;
        case MappingStartEvent start -> depth++;
        case CollectionEndEvent end -> depth--;
        default -> { }
      }
      if (depth > MAX_DEPTH) {
        throw new YamlSyntaxException(event.getStartMark().map(m -> m.getLine() + 1).orElse(1),
            "document nests deeper than " + MAX_DEPTH + " levels");
      }
    }
  }

  private static JsonNode convert(Node node, String pointer, Map<String, Integer> lines, int depth)
      throws YamlSyntaxException {
    Optional<Mark> mark = node.getStartMark();
    int line = mark.map(m -> m.getLine() + 1).orElse(1);
    if (depth > MAX_DEPTH) {
      throw new YamlSyntaxException(line, "document nests deeper than " + MAX_DEPTH + " levels");
    }
    lines.putIfAbsent(pointer, line);
    return switch (node) {
      case MappingNode mapping -> {
        ObjectNode object = NODES.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
          if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
            throw new YamlSyntaxException(line, "mapping keys must be plain scalars");
          }
          String child = pointer + "/" + key.getValue().replace("~", "~0").replace("/", "~1");
          lines.put(child, key.getStartMark().map(m -> m.getLine() + 1).orElse(line));
          object.set(key.getValue(), convert(tuple.getValueNode(), child, lines, depth + 1));
        }
        yield object;
      }
      case SequenceNode sequence -> {
        ArrayNode array = NODES.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          array.add(convert(items.get(i), pointer + "/" + i, lines, depth + 1));
        }
        yield array;
      }
      case ScalarNode scalar -> scalar(scalar);
      default -> throw new YamlSyntaxException(line, "unsupported YAML node " + node.getNodeType());
    };
  }

  private static JsonNode scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
    }
    if (tag.equals(Tag.INT)) {
      try {
        return NODES.numberNode(Long.decode(value.replace("0o", "0")));
      } catch (NumberFormatException tooBigOrOdd) {
        return NODES.stringNode(value);
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return NODES.numberNode(Double.parseDouble(value));
      } catch (NumberFormatException infOrNan) {
        return NODES.stringNode(value);
      }
    }
    return NODES.stringNode(value);
  }
}
