package io.openova.dnsguard.commandline;

import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.registry.TxtEncryption;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The AES key of external-dns's encrypted TXT registry ({@code --txt-encrypt-aes-key}), for {@code
 * serve}, {@code run}, {@code plan} and {@code check}: from a file ({@value #FILE_OPTION}, e.g. a
 * mounted Secret) or the environment ({@value #KEY_VARIABLE}), never from an argument, where every
 * {@code ps} would show it. Without a key, encrypted ownership records are still recognised — as
 * records dnsguard cannot read, which belong to someone.
 */
public final class TxtKeyOption {

  /** A file holding the key (32 characters, or base64 of 32 bytes; one trailing newline is ignored). */
  public static final String FILE_OPTION = "--txt-encrypt-aes-key-file";
  /** The key itself, from the environment (e.g. {@code valueFrom.secretKeyRef}). */
  public static final String KEY_VARIABLE = "DNSGUARD_TXT_ENCRYPT_AES_KEY";
  public static final String USAGE =
      "[" + FILE_OPTION + " FILE]  (or " + KEY_VARIABLE + "; encrypted TXT ownership records, as external-dns --txt-encrypt-aes-key)";

  private TxtKeyOption() {}

  /** The codec for {@code arguments} and {@code env}: encrypting when a key is given, plain otherwise. */
  public static TxtRecordCodec codec(Arguments arguments, Map<String, String> env) {
    return codec(arguments.optional(FILE_OPTION), env);
  }

  /** The same, for commands with their own parser. */
  public static TxtRecordCodec codec(Optional<String> file, Map<String, String> env) {
    String variable = env.get(KEY_VARIABLE);
    boolean fromEnv = variable != null && !variable.isEmpty();
    if (file.isPresent() && fromEnv) {
      throw new UsageException("give the TXT encryption key once: " + FILE_OPTION + " or " + KEY_VARIABLE + ", not both");
    }
    if (file.isPresent()) {
      return encrypted(read(Path.of(file.get())), FILE_OPTION + " " + file.get());
    }
    return variable != null && fromEnv ? encrypted(variable, KEY_VARIABLE) : TxtRecordCodec.plain();
  }

  private static TxtRecordCodec encrypted(String key, String where) {
    try {
      return TxtRecordCodec.encrypted(TxtEncryption.ofKey(key));
    } catch (IllegalArgumentException e) {
      throw new UsageException(where + ": " + e.getMessage()); // the message never repeats the key
    }
  }

  private static String read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (NoSuchFileException e) {
      throw new UsageException(FILE_OPTION + " " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(FILE_OPTION + " " + file + ": cannot be read: " + e.getMessage());
    }
  }
}
