package dev.leakproof.checker.util;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.IdentifierTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceLookup} indexes a class's members first and the code inside a member only when a
 * symbol declared there is asked for: every kind of declaration must still be found, wherever it
 * is (a method, a lambda, an initializer block, a field initializer, a local or anonymous class).
 */
class SourceLookupTest {

  /** Reports, for each use of a variable named {@code probe*}, the line its declaration is on. */
  @BugPattern(summary = "test-only: where a probe variable is declared", severity = WARNING)
  public static final class DeclarationProbe extends BugChecker implements IdentifierTreeMatcher {
    @Override
    public Description matchIdentifier(IdentifierTree tree, VisitorState state) {
      Symbol symbol = ASTHelpers.getSymbol(tree);
      if (symbol == null || !symbol.getSimpleName().toString().startsWith("probe")) {
        return Description.NO_MATCH;
      }
      TreePath declared = SourceLookup.path(symbol, state);
      String where = declared == null
          ? "not found"
          : "declared on line " + state.getPath().getCompilationUnit().getLineMap()
              .getLineNumber(ASTHelpers.getStartPosition(declared.getLeaf()));
      return buildDescription(tree).setMessage(where).build();
    }
  }

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(DeclarationProbe.class, getClass());

  @Test
  void findsDeclarationsInEveryKindOfCode() {
    helper
        .addSourceLines(
            "Probes.java",
            """
            import java.util.function.IntSupplier;
            class Probes {
              int probeField = 1;
              static int counter;
              static {
                int probeInBlock = 2;
                // BUG: Diagnostic contains: declared on line 6
                counter = probeInBlock;
              }
              IntSupplier inFieldLambda = () -> {
                int probeInLambda = 3;
                // BUG: Diagnostic contains: declared on line 11
                return probeInLambda;
              };
              Runnable inAnonymous = new Runnable() {
                @Override
                public void run() {
                  int probeInAnonymous = 4;
                  // BUG: Diagnostic contains: declared on line 18
                  System.out.println(probeInAnonymous);
                }
              };
              int method(int probeParameter) {
                class Local {
                  int twice(int probeInLocalClass) {
                    // BUG: Diagnostic contains: declared on line 25
                    return probeInLocalClass * 2;
                  }
                }
                // BUG: Diagnostic contains: declared on line 23
                int local = probeParameter;
                // BUG: Diagnostic contains: declared on line 3
                return new Local().twice(local) + probeField;
              }
            }
            """)
        .doTest();
  }
}
