package io.openova.dnsguard.policies.input;

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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Reads RFC 1035 zone files (as PowerDNS's {@code pdnsutil list-zone} exports them) with dnsjava:
 * {@code $ORIGIN}, {@code $TTL}, relative names, quoted TXT strings. The zone apex is the owner of
 * the SOA record; a file without SOA contributes records but no apex.
 *
 * <p>Types dnsjava does not know — PowerDNS's LUA and ALIAS, which {@code pdnsutil list-zone} prints
 * for records another controller wrote, or anything newer — are read as opaque records: they occupy
 * their name and are never ours, the same as the webhook sees them through the PowerDNS API.
 *
 * <p>{@code $INCLUDE} is refused with the file and line: it would let a zone file given to {@code
 * check} (in a CI job, from a pull request) read any file the job can, and name it in error
 * messages. An export never holds one ({@code pdnsutil list-zone} writes one self-contained file);
 * a hand-written zone inlines what it included.
 */
public final class ZoneFileReader {

  // PowerDNS's own type codes; other unknown mnemonics get codes from the private-use range.
  private static final Map<String, Integer> POWERDNS_TYPES = Map.of("ALIAS", 65401, "LUA", 65402);
  private static final int FIRST_PRIVATE = 65280;
  private static final int LAST_PRIVATE = 65400;
  private static final Pattern UNKNOWN_TYPE = Pattern.compile("Invalid type '([A-Za-z][A-Za-z0-9-]{0,30})'");
  private static final Pattern AT_LINE = Pattern.compile("<none>:(\\d+): (.*)");
  private static final Pattern INCLUDE = Pattern.compile("\\$INCLUDE", Pattern.CASE_INSENSITIVE);

  static {
    POWERDNS_TYPES.forEach((name, code) -> register(name, code));
  }

  private ZoneFileReader() {}

  public static List<ZoneRecords> read(Path file) throws InputException {
    // An unknown mnemonic fails the parse: register it as opaque and read the file again.
    for (int attempt = 0; ; attempt++) {
      try {
        return readOnce(file);
      } catch (InputException e) {
        Matcher unknown = UNKNOWN_TYPE.matcher(e.getMessage());
        if (!unknown.find() || attempt >= LAST_PRIVATE - FIRST_PRIVATE || !registerUnknown(unknown.group(1))) {
          throw e;
        }
      }
    }
  }

  private static synchronized boolean registerUnknown(String mnemonic) {
    if (Type.value(mnemonic) >= 0) {
      return false; // known already: the parse failed for another reason
    }
    for (int code = FIRST_PRIVATE; code <= LAST_PRIVATE; code++) {
      if (Type.string(code).startsWith("TYPE")) {
        register(mnemonic, code);
        return true;
      }
    }
    return false;
  }

  private static void register(String mnemonic, int code) {
    if (Type.value(mnemonic) < 0) {
      Type.register(code, mnemonic.toUpperCase(java.util.Locale.ROOT), OpaqueRecord::new);
    }
  }

  private static List<ZoneRecords> readOnce(Path file) throws InputException {
    List<DnsRecord> records = new ArrayList<>();
    @Nullable String apex = null;
    try (InputStream in = Files.newInputStream(file);
        Master master = new Master(in)) {
      master.disableIncludes(true); // strict: an $INCLUDE fails the read (see the class comment)
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
      // dnsjava names a stream "<none>": say the file and line instead.
      Matcher at = AT_LINE.matcher(message);
      if (at.matches() && INCLUDE.matcher(at.group(2)).find()) {
        throw new InputException(file + ": line " + at.group(1) + ": $INCLUDE is not allowed: a zone file must hold "
            + "its records itself (an include could read any local file); inline the included records");
      }
      throw new InputException(file + ": invalid zone file: "
          + (at.matches() ? "line " + at.group(1) + ": " + at.group(2) : message));
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
    if (record instanceof OpaqueRecord opaque) {
      return opaque.text();
    }
    return record.rdataToString();
  }
}
