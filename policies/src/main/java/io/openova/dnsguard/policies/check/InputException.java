package io.openova.dnsguard.policies.check;

/** Unreadable input for check: the message is one line naming the file and the problem (exit 2). */
final class InputException extends Exception {
  InputException(String message) {
    super(message);
  }
}
