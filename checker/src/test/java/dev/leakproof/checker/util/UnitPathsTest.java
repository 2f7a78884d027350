package dev.leakproof.checker.util;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link UnitPaths} answers from an index once a file has been asked a few times; its answers
 * must be the ones {@link TreePath#getPath} and {@link LocalTrees#callsOf} give. The probe asks for
 * the path of every tree of the file and the calls of every method called in it, reports each
 * answer that differs where it differs, and says how many it compared.
 */
class UnitPathsTest {
  @BugPattern(summary = "Compares UnitPaths with TreePath.getPath", severity = WARNING)
  public static final class UnitPathsProbe extends BugChecker implements CompilationUnitTreeMatcher {
    @Override
    public Description matchCompilationUnit(CompilationUnitTree unit, VisitorState state) {
      List<Tree> trees = new ArrayList<>();
      Set<Symbol> called = new LinkedHashSet<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void scan(Tree tree, Void unused) {
          if (tree != null) {
            trees.add(tree);
          }
          return super.scan(tree, null);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          called.add(ASTHelpers.getSymbol(call));
          return super.visitMethodInvocation(call, null);
        }
      }.scan(unit, null);
      for (Tree tree : trees) {
        if (!leaves(UnitPaths.of(tree, state)).equals(leaves(TreePath.getPath(unit, tree)))) {
          state.reportMatch(buildDescription(tree).setMessage("path differs").build());
        }
      }
      for (Symbol method : called) {
        List<List<Tree>> indexed = new ArrayList<>();
        UnitPaths.callsOf(unit, method, state).forEach(p -> indexed.add(leaves(p)));
        List<List<Tree>> scanned = new ArrayList<>();
        LocalTrees.callsOf(new TreePath(unit), method).forEach(p -> scanned.add(leaves(p)));
        if (!indexed.equals(scanned)) {
          state.reportMatch(
              buildDescription(unit).setMessage("calls of " + method + " differ").build());
        }
      }
      ClassTree first = (ClassTree) unit.getTypeDecls().get(0);
      return buildDescription(first)
          .setMessage(trees.size() + " paths and the calls of " + called.size() + " methods compared")
          .build();
    }

    private static List<Tree> leaves(TreePath path) {
      List<Tree> leaves = new ArrayList<>();
      for (TreePath p = path; p != null; p = p.getParentPath()) {
        leaves.add(p.getLeaf());
      }
      return leaves;
    }
  }

  @Test
  void indexedPathsAndCallsAreTheOnesAWalkFinds() {
    CompilationTestHelper.newInstance(UnitPathsProbe.class, getClass())
        .addSourceLines(
            "Shapes.java",
            """
            import java.io.StringReader;
            import java.util.List;
            import java.util.function.Supplier;
            // BUG: Diagnostic contains: paths and the calls of 8 methods compared
            class Shapes {
              static int twice(int x) {
                return x + x;
              }

              int run(List<String> words, Object o) throws Exception {
                Runnable r = () -> System.out.println(twice(1));
                Supplier<Integer> s = new Supplier<>() {
                  @Override
                  public Integer get() {
                    return twice(2);
                  }
                };
                try (StringReader in = new StringReader("x")) {
                  in.read();
                }
                int k = switch (words.size()) {
                  case 0 -> twice(3);
                  default -> {
                    yield twice(4);
                  }
                };
                if (o instanceof String str) {
                  k += str.length();
                }
                r.run();
                return k + s.get();
              }

              class Inner {
                int again() {
                  return twice(5);
                }
              }
            }
            """)
        .doTest();
  }
}
