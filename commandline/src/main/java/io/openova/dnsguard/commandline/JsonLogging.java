package io.openova.dnsguard.commandline;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON object per log line on stderr ({@code time}, {@code level}, {@code logger},
 * {@code message}, {@code error}), for the long-running commands. java.util.logging is the one
 * sink: Helidon logs there, and fabric8's SLF4J goes there through slf4j-jdk14.
 */
public final class JsonLogging extends Formatter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Replaces the root handlers with one JSON console handler at {@code level}. */
  public static void install(Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new ConsoleHandler();
    handler.setFormatter(new JsonLogging());
    handler.setLevel(level);
    root.addHandler(handler);
    root.setLevel(level);
  }

  @Override
  public String format(LogRecord record) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
    line.put("level", level(record.getLevel()));
    line.put("logger", record.getLoggerName());
    line.put("message", formatMessage(record));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.put("error", trace.toString());
    }
    return JSON.writeValueAsString(line) + System.lineSeparator();
  }

  private static String level(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "error";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "warn";
    }
    return level.intValue() >= Level.INFO.intValue() ? "info" : "debug";
  }
}
