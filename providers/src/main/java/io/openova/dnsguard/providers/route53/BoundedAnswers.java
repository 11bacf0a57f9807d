package io.openova.dnsguard.providers.route53;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The read limits for Route53's answers, which the AWS SDK parses itself (XML, not through
 * Jackson's {@code ReadLimits}): the SDK buffers and parses whatever it is sent, with no size
 * bound, and builds its XML tree recursively. Every answer body passes through a stream that
 * refuses more than {@link #MAX_BYTES} bytes or elements nested deeper than {@link #MAX_DEPTH}
 * before the parser sees them:
 *
 * <ul>
 *   <li><b>16 MiB</b>: a page holds at most 300 record sets (dnsguard asks for at most that), each
 *       with values of at most 4,000 characters and 32,000 per set; the largest genuine page is a
 *       few MiB.
 *   <li><b>nesting depth 32</b>: Route53's answers nest at most 6 elements deep.
 * </ul>
 *
 * The SDK reports the refusal as a client error, which {@code Route53Client} turns into a refused
 * call naming the limit.
 */
final class BoundedAnswers implements ExecutionInterceptor {

  static final long MAX_BYTES = 16L * 1024 * 1024;
  static final int MAX_DEPTH = 32;

  /** An answer over a limit; its message names the limit. */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes executionAttributes) {
    return context.responseBody().map(Bounded::new);
  }

  /** Counts bytes, and the depth of start and end tags as they pass (a cheap scan, no parsing). */
  private static final class Bounded extends FilterInputStream {
    private long read;
    private int depth;
    private int previous = -1;

    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        see(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      for (int i = 0; i < n; i++) {
        see(buffer[offset + i] & 0xff);
      }
      return n;
    }

    private void see(int b) throws TooLarge {
      if (++read > MAX_BYTES) {
        throw new TooLarge("the answer is larger than " + MAX_BYTES / (1024 * 1024) + " MiB, the limit for one page");
      }
      if (previous == '<') {
        if (b == '/') {
          depth--;
        } else if (b != '?' && b != '!') {
          depth++;
        }
      } else if (previous == '/' && b == '>') {
        depth--;
      }
      if (depth > MAX_DEPTH) {
        throw new TooLarge("the answer nests elements deeper than " + MAX_DEPTH + ", the limit");
      }
      previous = b;
    }
  }
}
