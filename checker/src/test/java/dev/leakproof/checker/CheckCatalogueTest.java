package dev.leakproof.checker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedSet;
import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import dev.leakproof.checker.util.LeakproofDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The released check names are a contract: each is registered, documented and in the README. */
class CheckCatalogueTest {
  private static final ImmutableSortedSet<String> CATALOGUE =
      ImmutableSortedSet.of(
          "CountDownNotInFinally",
          "ExecutorNeverShutDown",
          "InterruptSwallowedInLoop",
          "LatchCountMismatch",
          "PeriodicTaskNeverCancelled",
          "ThreadWithoutExitPath",
          "TimedWaitResultIgnored",
          "TimerNeverCancelled",
          "UnboundedBlockingCall");
  private static final Path ROOT = Paths.get("..");

  @Test
  void exactlyTheCatalogueIsRegistered() {
    ImmutableSortedSet.Builder<String> registered = ImmutableSortedSet.naturalOrder();
    for (BugChecker checker : ServiceLoader.load(BugChecker.class)) {
      registered.add(checker.canonicalName());
    }
    assertEquals(CATALOGUE, registered.build());
  }

  @Test
  void everyCheckLinksToItsDocsPageAndIsInTheReadme() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), UTF_8);
    for (BugChecker checker : ServiceLoader.load(BugChecker.class)) {
      String name = checker.canonicalName();
      BugPattern pattern = checker.getClass().getAnnotation(BugPattern.class);
      assertEquals(BugPattern.LinkType.CUSTOM, pattern.linkType(), name);
      assertEquals(LeakproofDocs.DOCS + name + ".md", pattern.link(), name);
      assertTrue(Files.isRegularFile(ROOT.resolve("docs/checks/" + name + ".md")), name + " docs page");
      assertTrue(readme.contains("| `" + name + "` |"), name + " README row");
    }
  }
}
