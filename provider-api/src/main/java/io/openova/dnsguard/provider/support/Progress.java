package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/** How far a batch got when a request failed, said the same way by every provider. */
public final class Progress {

  private Progress() {}

  /**
   * Sends {@code requests} one after another; a failure after the first says how many requests
   * and change groups had been applied before it.
   *
   * @param groups the change groups a request carries
   */
  public static <R> void inOrder(List<R> requests, ToIntFunction<R> groups, int totalGroups, Consumer<R> send) {
    int groupsDone = 0;
    for (int i = 0; i < requests.size(); i++) {
      R request = requests.get(i);
      try {
        send.accept(request);
      } catch (ProviderException e) {
        throw i == 0 ? e : e.after("(after " + i + " of " + requests.size() + " requests, " + groupsDone + " of "
            + totalGroups + " change groups, had been applied)");
      }
      groupsDone += groups.applyAsInt(request);
    }
  }

  /** {@code (after 3 of 10 change groups had been applied)}. */
  public static String groups(int done, int total) {
    return "(after " + done + " of " + total + " change groups had been applied)";
  }
}
