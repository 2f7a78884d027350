package dev.leakproof.checker.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Leakproof's version and where its documentation is published, from {@code leakproof.properties},
 * which the build fills in (resource filtering): never hard-coded, and the same in unit tests as
 * in the jar.
 */
final class LeakproofVersion {
  static final String VERSION;
  static final String DOCS_URL;

  static {
    Properties properties = new Properties();
    try (InputStream in = LeakproofVersion.class.getResourceAsStream("leakproof.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // fall through to the defaults below
    }
    VERSION = filled(properties.getProperty("version"), "unknown");
    DOCS_URL = filled(properties.getProperty("docsUrl"), "");
  }

  private LeakproofVersion() {}

  private static String filled(String value, String fallback) {
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
  }
}
