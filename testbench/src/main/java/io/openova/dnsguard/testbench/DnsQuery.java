package io.openova.dnsguard.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Asks a DNS server on loopback, the way a resolver would, and returns what it answers. */
public final class DnsQuery {
  private final SimpleResolver resolver;

  public DnsQuery(int port) {
    resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setTimeout(Duration.ofSeconds(2));
  }

  /**
   * The answer section's record data for {@code name}/{@code type}, sorted: presentation format,
   * except TXT, given as its character-strings joined (the value external-dns reads). Empty for
   * NXDOMAIN/NODATA.
   */
  public List<String> answers(String name, String type) {
    try {
      Record question = Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."),
          Type.value(type), DClass.IN);
      Message response = resolver.send(Message.newQuery(question));
      int rcode = response.getRcode();
      if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
        throw new IllegalStateException("DNS query " + name + " " + type + " answered " + Rcode.string(rcode));
      }
      return response.getSection(Section.ANSWER).stream()
          .filter(r -> r.getType() == Type.value(type))
          .map(r -> r instanceof TXTRecord txt ? String.join("", txt.getStrings()) : r.rdataToString())
          .sorted()
          .toList();
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + name, e);
    } catch (IOException e) {
      throw new UncheckedIOException("DNS query " + name + " " + type + " failed", e);
    }
  }

  /** The TTL of the first answer, or -1 when there is none. */
  public long ttl(String name, String type) {
    try {
      Record question = Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."),
          Type.value(type), DClass.IN);
      return resolver.send(Message.newQuery(question)).getSection(Section.ANSWER).stream()
          .filter(r -> r.getType() == Type.value(type))
          .mapToLong(Record::getTTL)
          .findFirst()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException("DNS query " + name + " " + type + " failed", e);
    }
  }
}
