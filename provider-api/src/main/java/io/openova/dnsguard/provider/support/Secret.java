package io.openova.dnsguard.provider.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** An API key or token: never printed ({@link #toString()} redacts), read from env or a file. */
public final class Secret {

  private final String value;
  private final String source;

  private Secret(String value, String source) {
    this.value = Objects.requireNonNull(value, "value").strip();
    this.source = source;
    if (this.value.isEmpty()) {
      throw new IllegalArgumentException("the secret from " + source + " is empty");
    }
  }

  public static Secret of(String value) {
    return new Secret(value, "configuration");
  }

  /** From environment variable {@code name} of {@code env} (pass {@code System.getenv()}). */
  public static Secret fromEnv(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null) {
      throw new IllegalArgumentException("environment variable " + name + " is not set");
    }
    return new Secret(value, "environment variable " + name);
  }

  /** From a file (a mounted Kubernetes Secret); surrounding whitespace is dropped. */
  public static Secret fromFile(Path file) {
    try {
      return new Secret(Files.readString(file, StandardCharsets.UTF_8), "file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret file " + file, e);
    }
  }

  /** The value, for the one place that puts it on the wire. */
  public String reveal() {
    return value;
  }

  /** Where it came from, safe to log. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "Secret[from " + source + ", redacted]";
  }
}
