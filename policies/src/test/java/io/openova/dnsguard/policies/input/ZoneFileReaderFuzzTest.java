package io.openova.dnsguard.policies.input;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The zone-file reader against any bytes: records or an {@link InputException}, nothing else. */
class ZoneFileReaderFuzzTest {
  private static final Path FILE = file();

  private static Path file() {
    try {
      Path file = Files.createTempFile("zone-fuzz", ".zone");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void read_anyBytes_readsOrSaysWhy(byte[] zone) throws IOException {
    Files.write(FILE, zone);
    try {
      ZoneFileReader.read(FILE);
    } catch (InputException expected) {
      // a clear error is the answer to bad input
    }
  }
}
