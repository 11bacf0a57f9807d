package io.openova.dnsguard.provider.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Collects a paginated listing (cursor or page-number tokens), guarding against cursors that loop. */
public final class Pages {

  /** One page: its items and the token of the next page, if any. */
  public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
      items = List.copyOf(items);
      Objects.requireNonNull(next, "next");
    }
  }

  private Pages() {}

  /**
   * Fetches pages until one has no next token.
   *
   * @param fetch gets the page for a token (empty: the first page)
   * @param maxPages a bound; a listing longer than this is an error, not a silent truncation
   */
  public static <T> List<T> collect(Function<Optional<String>, Page<T>> fetch, int maxPages) {
    List<T> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Optional<String> token = Optional.empty();
    for (int page = 0; page < maxPages; page++) {
      Page<T> result = fetch.apply(token);
      all.addAll(result.items());
      if (result.next().isEmpty()) {
        return all;
      }
      token = result.next();
      if (!seen.add(token.get())) {
        throw new IllegalStateException("pagination loops: next-page token " + token.get() + " came back");
      }
    }
    throw new IllegalStateException("listing has more than " + maxPages + " pages");
  }
}
