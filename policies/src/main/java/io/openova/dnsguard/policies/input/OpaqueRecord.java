package io.openova.dnsguard.policies.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Tokenizer;

/**
 * A record of a type dnsjava does not know (PowerDNS's LUA and ALIAS, or anything newer): its data
 * kept as text. dnsguard never writes such records; it only needs to know they occupy a name.
 */
final class OpaqueRecord extends Record {

  private String text = "";

  OpaqueRecord() {}

  String text() {
    return text;
  }

  @Override
  protected void rdataFromString(Tokenizer st, Name origin) throws IOException {
    List<String> parts = new ArrayList<>();
    for (Tokenizer.Token token = st.get(); token.isString(); token = st.get()) {
      parts.add(token.value);
    }
    st.unget();
    text = String.join(" ", parts);
  }

  @Override
  protected void rrFromWire(DNSInput in) {
    text = new String(in.readByteArray(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  protected String rrToString() {
    return text;
  }

  @Override
  protected void rrToWire(DNSOutput out, Compression c, boolean canonical) {
    out.writeByteArray(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
