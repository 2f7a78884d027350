package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.code.Source;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.Uses;
import java.util.List;
import java.util.Optional;

/**
 * Builds the fix for a local owned object: try-with-resources around the rest of its scope when
 * the source level and its declared type allow it ({@code ExecutorService} is {@link
 * AutoCloseable} from JDK 19), otherwise {@code try { rest } finally { x.release(); }}. A release
 * statement that ends the scope moves into the {@code finally} (or disappears into the resource).
 * A local declared {@code Executor} (no release method) is declared {@code ExecutorService}.
 */
final class LocalReleaseFix {
  private LocalReleaseFix() {}

  static Optional<SuggestedFix> build(
      VariableTree declaration,
      List<? extends StatementTree> rest,
      Symbol variable,
      OwnedResource kind,
      VisitorState state) {
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    StatementTree last = rest.get(rest.size() - 1);
    boolean endsWithRelease =
        last instanceof ExpressionStatementTree statement
            && statement.getExpression() instanceof MethodInvocationTree call
            && Uses.releases(call, variable, kind, state);
    List<? extends StatementTree> body = endsWithRelease ? rest.subList(0, rest.size() - 1) : rest;
    CharSequence source = state.getSourceCode();
    int end = state.getEndPosition(last);
    if (source == null || end < 0) {
      return Optional.empty();
    }
    String bodyText =
        body.isEmpty()
            ? ""
            : source
                .subSequence(
                    ASTHelpers.getStartPosition(body.get(0)),
                    state.getEndPosition(body.get(body.size() - 1)))
                .toString();
    String indent = indentationAt(source, ASTHelpers.getStartPosition(declaration));
    String inner = indent + "  ";
    bodyText = bodyText.isEmpty() ? "" : reindent(bodyText, inner) + "\n";
    SuggestedFix.Builder fix = SuggestedFix.builder();
    Type type = variable.type;
    // Declared Executor (no shutdown()): declare it ExecutorService, which its creation is.
    String retyped = null;
    if (!kind.canRelease(type, state)) {
      Tree typeTree = declaration.getType();
      if (!(typeTree instanceof IdentifierTree || typeTree instanceof MemberSelectTree)
          || declaration.getInitializer() == null
          || !kind.canRelease(ASTHelpers.getType(declaration.getInitializer()), state)) {
        return Optional.empty();
      }
      type = state.getTypeFromString(kind.releaseOwner());
      if (type == null) {
        return Optional.empty();
      }
      retyped = SuggestedFixes.qualifyType(state, fix, kind.releaseOwner());
    }
    if (kind.closeableSince() > 0
        && sourceAtLeast(kind.closeableSince(), state)
        && ASTHelpers.isSubtype(type, state.getSymtab().autoCloseableType, state)) {
      String resource = state.getSourceForNode(declaration);
      if (retyped != null) {
        int start = ASTHelpers.getStartPosition(declaration);
        resource =
            resource.substring(0, ASTHelpers.getStartPosition(declaration.getType()) - start)
                + retyped
                + resource.substring(state.getEndPosition(declaration.getType()) - start);
      }
      resource = resource.strip();
      if (resource.endsWith(";")) {
        resource = resource.substring(0, resource.length() - 1).strip();
      }
      return Optional.of(
          fix.replace(
                  ASTHelpers.getStartPosition(declaration),
                  end,
                  "try (" + resource + ") {\n" + bodyText + indent + "}")
              .build());
    }
    if (retyped != null) {
      fix.replace(declaration.getType(), retyped);
    }
    String release =
        endsWithRelease
            ? state.getSourceForNode(last)
            : variable.getSimpleName() + "." + kind.releaseCall() + ";";
    return Optional.of(
        fix.replace(
                ASTHelpers.getStartPosition(rest.get(0)),
                end,
                "try {\n" + bodyText + indent + "} finally {\n" + inner + release + "\n"
                    + indent + "}")
            .build());
  }

  /** Moves {@code text} two spaces right; its first line starts at {@code firstIndent}. */
  private static String reindent(String text, String firstIndent) {
    StringBuilder result = new StringBuilder(firstIndent);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        result.append('\n').append(lines[i].isBlank() ? "" : "  " + lines[i]);
      } else {
        result.append(lines[i]);
      }
    }
    return result.toString();
  }

  /** The whitespace between the start of the line holding {@code position} and it. */
  private static String indentationAt(CharSequence source, int position) {
    int lineStart = position;
    while (lineStart > 0 && source.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    String prefix = source.subSequence(lineStart, position).toString();
    return prefix.isBlank() ? prefix : "";
  }

  /** True if the compilation's {@code -source}/{@code --release} level is at least {@code major}. */
  static boolean sourceAtLeast(int major, VisitorState state) {
    Source source = Source.instance(state.context);
    Source wanted = Source.lookup(Integer.toString(major));
    return wanted != null && source.compareTo(wanted) >= 0;
  }
}
