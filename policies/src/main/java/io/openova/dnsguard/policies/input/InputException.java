package io.openova.dnsguard.policies.input;

/** Unreadable offline input: the message is one line naming the file and the problem. */
public final class InputException extends Exception {
  public InputException(String message) {
    super(message);
  }
}
