package io.openova.dnsguard.reconciler.webhookprovider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The clients allowed off loopback, each with the owner ids it may write as, from a YAML file:
 *
 * <pre>
 * clients:
 *   - name: region-1
 *     tokenFile: /etc/dnsguard/clients/region-1   # bearer token (or the password of Basic auth)
 *     owners: [region-1]
 *   - name: region-2
 *     certificateCommonName: region-2            # CN of a client certificate signed by --client-ca-file
 *     owners: [region-2]
 * </pre>
 *
 * Tokens are read from files (never from arguments) and compared as SHA-256 digests in constant
 * time. external-dns's webhook client sends no headers of its own but Go's HTTP client sends Basic
 * authentication for a URL with user info ({@code https://region-1:TOKEN@dnsguard:8888}).
 */
final class Clients {

  private record Entry(String name, Optional<byte[]> tokenDigest, Optional<String> commonName, Set<String> owners) {}

  private final List<Entry> entries;

  private Clients(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static Clients load(Path file) {
    JsonNode root;
    try {
      root = YAMLMapper.builder().build().readTree(Files.readString(file));
    } catch (IOException | JacksonException e) {
      throw new IllegalArgumentException(file + ": not a readable YAML file: " + e.getMessage());
    }
    JsonNode list = root == null ? null : root.get("clients");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a non-empty list under \"clients\"");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String where = file + ": clients[" + i + "]";
      String name = text(node, "name").orElseThrow(() -> new IllegalArgumentException(where + ": name is missing"));
      Optional<byte[]> token = text(node, "tokenFile").map(f -> digest(readToken(Path.of(f), where)));
      Optional<String> cn = text(node, "certificateCommonName");
      if (token.isEmpty() && cn.isEmpty()) {
        throw new IllegalArgumentException(where + " (" + name + "): give tokenFile or certificateCommonName");
      }
      JsonNode owners = node.get("owners");
      if (owners == null || !owners.isArray() || owners.isEmpty()) {
        throw new IllegalArgumentException(where + " (" + name + "): owners must list at least one owner id");
      }
      List<String> ids = new ArrayList<>();
      owners.forEach(o -> ids.add(o.asString()));
      entries.add(new Entry(name, token, cn, Set.copyOf(ids)));
    }
    return new Clients(entries);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asString().isBlank() ? Optional.empty() : Optional.of(value.asString().strip());
  }

  private static String readToken(Path file, String where) {
    try {
      String token = Files.readString(file).strip();
      if (token.length() < 16) {
        throw new IllegalArgumentException(where + ": the token in " + file + " is shorter than 16 characters");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": cannot read token file " + file + ": " + e.getMessage());
    }
  }

  /**
   * The client presenting {@code authorization} (a header value, may be empty) or {@code peer}
   * certificates (verified by the TLS layer), if any.
   */
  Optional<Caller.Client> identify(Optional<String> authorization, Optional<Certificate[]> peer) {
    Optional<byte[]> presented = authorization.flatMap(Clients::token).map(Clients::digest);
    Optional<String> cn = peer.filter(chain -> chain.length > 0 && chain[0] instanceof X509Certificate)
        .flatMap(chain -> commonName((X509Certificate) chain[0]));
    for (Entry entry : entries) {
      boolean tokenMatches = presented.isPresent() && entry.tokenDigest().isPresent()
          && MessageDigest.isEqual(presented.get(), entry.tokenDigest().get());
      boolean certMatches = cn.isPresent() && entry.commonName().isPresent() && cn.get().equals(entry.commonName().get());
      if (tokenMatches || certMatches) {
        return Optional.of(new Caller.Client(entry.name(), entry.owners()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> token(String header) {
    String value = header.strip();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(value.substring(7).strip());
    }
    if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(pair.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
