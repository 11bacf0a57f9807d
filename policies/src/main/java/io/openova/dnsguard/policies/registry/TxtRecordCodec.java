package io.openova.dnsguard.policies.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes external-dns ownership TXT contents: {@code
 * "heritage=external-dns,external-dns/owner=<id>,external-dns/resource=<kind>/<ns>/<name>"} (labels
 * sorted, quoted), optionally encrypted. Reading is as lenient as external-dns: tokens that are not
 * {@code key=value} are skipped; a missing or other heritage means "not an ownership record" — except
 * a value shaped like external-dns's encrypted content that no configured key opens: that is an
 * ownership record dnsguard cannot read ({@link DecodedTxt.Malformed}), never "no ownership record".
 */
public final class TxtRecordCodec {

  static final String HERITAGE = "external-dns";
  static final String OWNER = "owner";
  static final String RESOURCE = "resource";

  private final Optional<TxtEncryption> encryption;

  private TxtRecordCodec(Optional<TxtEncryption> encryption) {
    this.encryption = encryption;
  }

  public static TxtRecordCodec plain() {
    return new TxtRecordCodec(Optional.empty());
  }

  /** Encrypts what it writes; reads both encrypted and plain records, as external-dns does. */
  public static TxtRecordCodec encrypted(TxtEncryption encryption) {
    return new TxtRecordCodec(Optional.of(encryption));
  }

  /** True if it encrypts what it writes (each record with a nonce of its own). */
  public boolean encrypts() {
    return encryption.isPresent();
  }

  /** The quoted content for an ownership record of {@code ownerId} for {@code resource} (may be empty). */
  public String encode(String ownerId, String resource) {
    if (ownerId.isEmpty()) {
      throw new IllegalArgumentException("ownerId must not be empty");
    }
    Map<String, String> labels = new TreeMap<>();
    labels.put(OWNER, ownerId);
    if (!resource.isEmpty()) {
      labels.put(RESOURCE, resource);
    }
    StringBuilder plain = new StringBuilder("heritage=" + HERITAGE);
    labels.forEach((key, value) -> plain.append(',').append(HERITAGE).append('/').append(key).append('=').append(value));
    String text = encryption.map(e -> e.encrypt(plain.toString())).orElse(plain.toString());
    return '"' + text + '"';
  }

  /** Decodes one TXT value (quoted or not; multi-string values already joined by the caller). */
  public DecodedTxt decode(String content) {
    String unquoted = stripQuotes(content);
    if (encryption.isPresent()) {
      Optional<String> decrypted;
      try {
        decrypted = encryption.get().decrypt(unquoted);
      } catch (TxtEncryption.TooLargeException e) {
        return new DecodedTxt.Malformed(content, String.valueOf(e.getMessage())); // sealed with our key: someone's, unreadable
      }
      if (decrypted.isPresent()) {
        DecodedTxt opened = decodePlain(content, decrypted.get());
        return opened instanceof DecodedTxt.Foreign
            ? new DecodedTxt.Malformed(content, "encrypted with our key, but undecodable") // sealed, so someone's
            : opened;
      }
    }
    DecodedTxt plain = decodePlain(content, unquoted);
    if (plain instanceof DecodedTxt.Foreign && TxtEncryption.looksSealed(unquoted)) {
      return new DecodedTxt.Malformed(content, "encrypted, no matching key");
    }
    return plain;
  }

  private static DecodedTxt decodePlain(String original, String text) {
    Map<String, String> labels = new HashMap<>();
    boolean heritage = false;
    String pairs = stripQuotes(text);
    // comma-separated key=value pairs; a pair without exactly one '=' is skipped (indexOf, not split: every sync reads thousands)
    for (int start = 0; start <= pairs.length(); ) {
      int end = pairs.indexOf(',', start);
      end = end < 0 ? pairs.length() : end;
      int equals = pairs.indexOf('=', start);
      if (equals >= 0 && equals < end && pairs.lastIndexOf('=', end - 1) == equals) {
        String key = pairs.substring(start, equals);
        String value = pairs.substring(equals + 1, end);
        if (key.equals("heritage")) {
          if (!value.equals(HERITAGE)) {
            return new DecodedTxt.Foreign(original);
          }
          heritage = true;
        } else if (key.startsWith(HERITAGE) && key.length() > HERITAGE.length() && key.charAt(HERITAGE.length()) == '/') {
          labels.put(key.substring(HERITAGE.length() + 1), value);
        }
      }
      start = end + 1;
    }
    if (!heritage) {
      return new DecodedTxt.Foreign(original);
    }
    String owner = labels.getOrDefault(OWNER, "");
    if (owner.isEmpty()) {
      return new DecodedTxt.Malformed(original, "external-dns heritage without an owner label");
    }
    return new DecodedTxt.Owned(owner, labels.getOrDefault(RESOURCE, ""), labels);
  }

  private static String stripQuotes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '"') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '"') {
      end--;
    }
    return s.substring(start, end);
  }
}
