package dev.leakproof.checker.latches;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CountDownNotInFinally's fix: moves a {@code countDown()} statement of a method or lambda body
 * into a {@code finally} around the statements before it, keeping comments and indentation.
 */
final class TryFinallyFix {
  private TryFinallyFix() {}

  /**
   * Wraps the statements of {@code body} before the countDown (and a trailing {@code return}) in
   * {@code try { .. } finally { latch.countDown(); }}, or returns null when that would not compile
   * or would count down twice.
   */
  static SuggestedFix wrapInTryFinally(
      BlockTree body, StatementTree countDown, Object latch, VisitorState state) {
    List<? extends StatementTree> statements = body.getStatements();
    int index = statements.indexOf(countDown);
    if (index <= 0) {
      return null;
    }
    // The statements of the body that count the latch down, found once per body and latch.
    List<StatementTree> countingDown =
        UnitCache.get(state, "TryFinallyFix.countingDown", List.of(body, latch), () -> {
          List<StatementTree> found = new ArrayList<>();
          for (StatementTree s : statements) {
            if (LatchUsage.countsDown(s, latch, state)) {
              found.add(s);
            }
          }
          return found;
        });
    for (StatementTree s : countingDown) {
      if (s != countDown) {
        return null; // another statement counts down too
      }
    }
    int first = 0;
    if (isConstructorCall(statements.get(0))) {
      first = 1;
    }
    if (first >= index) {
      return null;
    }
    List<? extends StatementTree> before = statements.subList(first, index);
    List<? extends StatementTree> after = statements.subList(index + 1, statements.size());
    boolean afterInside =
        !after.isEmpty() && after.size() == 1 && after.get(0) instanceof ReturnTree;
    if (!after.isEmpty() && !afterInside && declaresVariableUsedIn(before, after)) {
      return null;
    }
    CharSequence source = state.getSourceCode();
    int start = ASTHelpers.getStartPosition(before.get(0));
    int countDownStart = ASTHelpers.getStartPosition(countDown);
    int countDownEnd = state.getEndPosition(countDown);
    if (start < 0 || countDownStart < 0 || countDownEnd < 0 || source == null) {
      return null;
    }
    int lineStart = lineStart(source, start);
    String countDownText = state.getSourceForNode(countDown);
    boolean ownLine = source.subSequence(lineStart, start).toString().isBlank();
    String wrapped = source.subSequence(ownLine ? lineStart : start, countDownStart).toString().stripTrailing();
    int end = countDownEnd;
    if (afterInside) {
      int afterStart = ASTHelpers.getStartPosition(after.get(0));
      end = state.getEndPosition(after.get(0));
      if (afterStart < 0 || end < 0) {
        return null;
      }
      String returnText =
          source.subSequence(ownLine ? lineStart(source, afterStart) : afterStart, end).toString();
      wrapped = wrapped + (ownLine ? "\n" : " ") + returnText;
    }
    String replacement;
    if (ownLine) {
      String indent = source.subSequence(lineStart, start).toString();
      String unit = indentUnit(body, indent, source);
      StringBuilder text = new StringBuilder();
      text.append(indent).append("try {\n");
      for (String line : wrapped.split("\n", -1)) {
        text.append(line.isBlank() ? "" : unit + line).append('\n');
      }
      text.append(indent).append("} finally {\n");
      text.append(indent).append(unit).append(countDownText).append('\n');
      text.append(indent).append('}');
      replacement = text.toString();
      return SuggestedFix.builder().replace(lineStart, end, replacement).build();
    }
    replacement = "try { " + wrapped.strip() + " } finally { " + countDownText + " }";
    return SuggestedFix.builder().replace(start, end, replacement).build();
  }

  private static String indentUnit(BlockTree body, String indent, CharSequence source) {
    int bodyStart = ASTHelpers.getStartPosition(body);
    if (bodyStart >= 0) {
      int ls = lineStart(source, bodyStart);
      int i = ls;
      while (i < source.length() && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
        i++;
      }
      int outer = i - ls;
      if (indent.length() > outer && indent.chars().allMatch(c -> c == ' ')) {
        return " ".repeat(indent.length() - outer);
      }
      if (indent.startsWith("\t")) {
        return "\t";
      }
    }
    return "  ";
  }

  private static int lineStart(CharSequence source, int pos) {
    int i = pos;
    while (i > 0 && source.charAt(i - 1) != '\n') {
      i--;
    }
    return i;
  }

  private static boolean isConstructorCall(StatementTree s) {
    if (s instanceof ExpressionStatementTree e
        && e.getExpression() instanceof MethodInvocationTree call) {
      return ASTHelpers.getSymbol(call).isConstructor();
    }
    return false;
  }

  private static boolean declaresVariableUsedIn(
      List<? extends StatementTree> before, List<? extends StatementTree> after) {
    Set<Symbol> declared = new HashSet<>();
    for (StatementTree s : before) {
      if (s instanceof VariableTree v) {
        declared.add(ASTHelpers.getSymbol(v));
      }
    }
    if (declared.isEmpty()) {
      return false;
    }
    for (StatementTree s : after) {
      for (IdentifierTree id : LocalTrees.findAll(s, IdentifierTree.class)) {
        if (declared.contains(ASTHelpers.getSymbol(id))) {
          return true;
        }
      }
    }
    return false;
  }
}
