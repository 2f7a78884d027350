package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.TreeInfo;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Short descriptions of code for diagnostics: a call as {@code queue.take()}, a loop as its head. */
final class Messages {
  private Messages() {}

  /** {@code receiver.name(..)} for a call, shortened when the receiver is complex. */
  static String describe(Tree tree, VisitorState state) {
    if (tree instanceof MethodInvocationTree call) {
      String name = ASTHelpers.getSymbol(call).getSimpleName().toString();
      String args = call.getArguments().isEmpty() ? "()" : "(..)";
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      if (receiver == null) {
        return name + args;
      }
      return shortName(receiver, state) + "." + name + args;
    }
    if (tree instanceof NewClassTree newClass) {
      return "new " + newClass.getIdentifier() + "(..)";
    }
    String source = state.getSourceForNode(tree);
    return source == null ? tree.getKind().toString() : abbreviate(source);
  }

  private static String shortName(ExpressionTree receiver, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(receiver);
    if (stripped instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (stripped instanceof MemberSelectTree select) {
      return shortName(select.getExpression(), state) + "." + select.getIdentifier();
    }
    if (stripped instanceof MethodInvocationTree call) {
      return describe(call, state);
    }
    String source = state.getSourceForNode(stripped);
    return source == null ? "..." : abbreviate(source);
  }

  /** The loop's head as written, e.g. {@code while (true)}. */
  static String loopHead(Tree loop, VisitorState state) {
    ExpressionTree condition = LoopExits.condition(loop);
    return loopHead(loop, condition == null ? null
        : state.getSourceForNode(ASTHelpers.stripParentheses(condition)));
  }

  /** {@link #loopHead(Tree, VisitorState)} for a loop that may be in another file of the compilation. */
  static String loopHead(TreePath loopPath, VisitorState state) {
    CompilationUnitTree unit = loopPath.getCompilationUnit();
    if (unit == state.getPath().getCompilationUnit()) {
      return loopHead(loopPath.getLeaf(), state);
    }
    ExpressionTree condition = LoopExits.condition(loopPath.getLeaf());
    return loopHead(loopPath.getLeaf(),
        condition == null ? null : sourceIn(unit, ASTHelpers.stripParentheses(condition)));
  }

  /** The source text of {@code tree} in {@code unit}, or null when it cannot be read. */
  @Nullable
  private static String sourceIn(CompilationUnitTree unit, Tree tree) {
    try {
      JCTree.JCCompilationUnit compiled = (JCTree.JCCompilationUnit) unit;
      int start = TreeInfo.getStartPos((JCTree) tree);
      int end = TreeInfo.getEndPos((JCTree) tree, compiled.endPositions);
      CharSequence text = unit.getSourceFile().getCharContent(true);
      return start < 0 || end <= start || end > text.length()
          ? null : text.subSequence(start, end).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String loopHead(Tree loop, @Nullable String source) {
    String text = source == null ? "" : abbreviate(source);
    return switch (loop) {
      case WhileLoopTree whileLoop -> "the `while (" + text + ")` loop";
      case DoWhileLoopTree doWhile -> "the `do .. while (" + text + ")` loop";
      case ForLoopTree forLoop -> "the `for (;" + (text.isEmpty() ? "" : " " + text) + ";)` loop";
      case EnhancedForLoopTree forEach -> "the for-each loop";
      case null, default -> "the loop";
    };
  }

  private static String abbreviate(String source) {
    String oneLine = source.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 50 ? oneLine : oneLine.substring(0, 47) + "...";
  }
}
