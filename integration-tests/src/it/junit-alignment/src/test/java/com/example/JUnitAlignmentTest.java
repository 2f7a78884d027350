package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** Every JUnit Jupiter and Platform jar on the test classpath belongs to one release, the one declared. */
class JUnitAlignmentTest {
  @Test
  void oneConsistentSetOfJUnitJars() throws IOException {
    Map<String, String> jars = new TreeMap<>(); // jar title -> version
    Enumeration<URL> manifests = getClass().getClassLoader().getResources("META-INF/MANIFEST.MF");
    while (manifests.hasMoreElements()) {
      URL url = manifests.nextElement();
      try (InputStream in = url.openStream()) {
        Attributes main = new Manifest(in).getMainAttributes();
        String title = main.getValue("Implementation-Title");
        String version = main.getValue("Implementation-Version");
        if (title != null && (title.startsWith("junit-jupiter") || title.startsWith("junit-platform"))) {
          String previous = jars.put(title, version);
          assertTrue(previous == null, "two copies of " + title + ": " + previous + " and " + version);
        }
      }
    }
    System.out.println("JUnit jars on the test classpath: " + jars);

    String jupiter = System.getProperty("expected.junit.version");
    // Jupiter 5.x.y goes with Platform 1.x.y; from JUnit 6 on they share one version.
    String platform = jupiter.startsWith("5.") ? "1." + jupiter.substring(2) : jupiter;
    assertTrue(jars.containsKey("junit-jupiter-api") && jars.containsKey("junit-jupiter-engine"), jars.toString());
    TreeSet<String> wrong = new TreeSet<>();
    jars.forEach((title, version) -> {
      String expected = title.startsWith("junit-jupiter") ? jupiter : platform;
      if (!expected.equals(version)) {
        wrong.add(title + ":" + version + " (expected " + expected + ")");
      }
    });
    assertEquals(new TreeSet<>(), wrong, "JUnit jars of different versions on the test classpath");
  }
}
