package io.openova.dnsguard.policies.check;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Reads RFC 1035 zone files (as PowerDNS's {@code pdnsutil list-zone} exports them) with dnsjava:
 * {@code $ORIGIN}, {@code $TTL}, relative names, quoted TXT strings. The zone apex is the owner of
 * the SOA record; a file without SOA contributes records but no apex.
 */
final class ZoneFileReader {

  private ZoneFileReader() {}

  static List<ZoneRecords> read(Path file) throws InputException {
    List<DnsRecord> records = new ArrayList<>();
    @Nullable String apex = null;
    try (InputStream in = Files.newInputStream(file);
        Master master = new Master(in)) {
      for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
        String name = record.getName().toString(true);
        if (record.getType() == Type.SOA && apex == null) {
          apex = name;
        }
        records.add(new DnsRecord(name, RecordType.of(Type.string(record.getType())), record.getTTL(), dataOf(record)));
      }
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new InputException(file + ": invalid zone file: " + message);
    }
    Hostname zone = apexOf(file, apex);
    return List.of(new ZoneRecords(zone, records));
  }

  private static Hostname apexOf(Path file, @Nullable String apex) throws InputException {
    if (apex == null) {
      throw new InputException(file + ": zone file has no SOA record (needed to know the zone apex)");
    }
    return switch (Hostname.parse(apex)) {
      case ParsedHostname.Valid valid -> valid.hostname();
      case ParsedHostname.Invalid invalid -> throw new InputException(file + ": SOA owner " + invalid.message());
    };
  }

  // TXT: the character-strings joined, as external-dns sees a TXT value; others: presentation form.
  private static String dataOf(Record record) {
    if (record instanceof TXTRecord txt) {
      return String.join("", txt.getStrings());
    }
    return record.rdataToString();
  }
}
