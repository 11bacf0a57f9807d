package io.openova.dnsguard.policies.input;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.policies.policy.YamlDocuments;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Reads Kubernetes objects from YAML/JSON files or directories: multi-document, {@code List} kinds expanded. */
public final class ManifestReader {

  private ManifestReader() {}

  /** One object and where it came from ({@code file:line}). */
  public record Located(HasMetadata object, String origin) {}

  public static List<Located> read(Path path) throws InputException {
    List<Located> objects = new ArrayList<>();
    for (Path file : files(path)) {
      objects.addAll(readFile(file));
    }
    return objects;
  }

  private static List<Path> files(Path path) throws InputException {
    if (!Files.exists(path)) {
      throw new InputException(path + ": no such file or directory");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InputException(path + ": cannot list directory (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static List<Located> readFile(Path file) throws InputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InputException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    List<YamlDocuments.Document> documents;
    try {
      documents = YamlDocuments.parse(text);
    } catch (YamlDocuments.YamlSyntaxException e) {
      throw new InputException(file + ":" + e.line() + ": invalid YAML: " + e.getMessage());
    }
    List<Located> objects = new ArrayList<>();
    for (YamlDocuments.Document document : documents) {
      JsonNode tree = document.tree();
      if (!tree.isObject()) {
        throw new InputException(file + ":" + document.lineOf("") + ": a document must be a Kubernetes object (a mapping)");
      }
      if (tree.path("kind").asString("").endsWith("List") && tree.path("items").isArray()) {
        for (int i = 0; i < tree.path("items").size(); i++) {
          objects.add(convert(tree.path("items").get(i), file + ":" + document.lineOf("/items/" + i)));
        }
      } else {
        objects.add(convert(tree, file + ":" + document.lineOf("")));
      }
    }
    return objects;
  }

  private static Located convert(JsonNode tree, String origin) throws InputException {
    if (tree.path("metadata").path("name").asString("").isEmpty()) {
      throw new InputException(origin + ": object has no metadata.name");
    }
    try {
      return new Located(KubernetesObjects.fromTree(tree), origin);
    } catch (IllegalArgumentException e) {
      throw new InputException(origin + ": " + e.getMessage());
    }
  }
}
