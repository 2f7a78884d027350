package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * {@code Process.waitFor()} given up on: an interrupted wait leaves the child process running
 * unless someone destroys it.
 */
final class ProcessWaits {
  private static final Set<String> DESTROYS = Set.of("destroy", "destroyForcibly");
  private static final Set<String> STREAMS =
      Set.of("getInputStream", "getErrorStream", "getOutputStream");

  private ProcessWaits() {}

  /**
   * Whether {@code call} (at the state's path) is an untimed {@code Process.waitFor()} whose process
   * nothing in its method destroys: no {@code destroy()}/{@code destroyForcibly()} on it (or on its
   * handle or descendants), and it is not handed to other code that might (passed as an argument,
   * or a field that other methods may destroy).
   */
  static boolean abandonsProcess(MethodInvocationTree call, VisitorState state) {
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    if (!symbol.getSimpleName().contentEquals("waitFor")
        || !call.getArguments().isEmpty()
        || !TypeNames.isSubtype(symbol.owner.type, state, "java.lang.Process")) {
      return false;
    }
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    receiver = receiver == null ? null : ASTHelpers.stripParentheses(receiver);
    if (receiver instanceof MethodInvocationTree) {
      return true; // Runtime.getRuntime().exec(..).waitFor(): nothing can destroy it
    }
    Symbol held = receiver == null ? null : ASTHelpers.getSymbol(receiver);
    if (!(held instanceof VarSymbol) || held.getKind() == ElementKind.FIELD) {
      return false; // another method may destroy a field's process
    }
    Tree body = Flow.enclosingBody(state.getPath());
    if (body == null) {
      return false;
    }
    for (Tree tree : LocalTrees.findAll(body, Tree.class)) {
      if (tree instanceof MethodInvocationTree other && other != call) {
        if (DESTROYS.contains(ASTHelpers.getSymbol(other).getSimpleName().toString())
            && held.equals(root(ASTHelpers.getReceiver(other)))) {
          return false;
        }
        for (ExpressionTree argument : other.getArguments()) {
          if (held.equals(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(argument)))
              && !onlyPumpsStreams(other, argument, state)) {
            return false; // handed to a helper, which may destroy it
          }
        }
      }
      if (tree instanceof MemberReferenceTree reference
          && DESTROYS.contains(reference.getName().toString())) {
        return false; // p.descendants().forEach(ProcessHandle::destroy)
      }
    }
    return true;
  }

  /**
   * Whether the method of this code that {@code call} hands the process to ({@code argument}) only
   * takes its streams ({@code copy(process.getErrorStream(), err)}, Tika's {@code
   * ExternalEmbedder}): it neither keeps nor destroys the process, so the duty stays with the caller.
   */
  private static boolean onlyPumpsStreams(
      MethodInvocationTree call, ExpressionTree argument, VisitorState state) {
    VarSymbol parameter = SourceLookup.parameterReceiving(call, argument);
    MethodTree helper =
        parameter == null ? null : SourceLookup.method(ASTHelpers.getSymbol(call), state);
    if (helper == null || helper.getBody() == null) {
      return false;
    }
    long uses = LocalTrees.findAll(helper.getBody(), IdentifierTree.class).stream()
        .filter(id -> parameter.equals(ASTHelpers.getSymbol(id)))
        .count();
    long streamReads = LocalTrees.findAll(helper.getBody(), MethodInvocationTree.class).stream()
        .filter(read -> STREAMS.contains(ASTHelpers.getSymbol(read).getSimpleName().toString())
            && ASTHelpers.getReceiver(read) instanceof IdentifierTree id
            && parameter.equals(ASTHelpers.getSymbol(id)))
        .count();
    return uses > 0 && uses == streamReads;
  }

  /** The variable a chain of calls starts from: {@code p} in {@code p.toHandle().destroy()}. */
  @Nullable
  private static Symbol root(@Nullable ExpressionTree receiver) {
    ExpressionTree current = receiver == null ? null : ASTHelpers.stripParentheses(receiver);
    while (current instanceof MethodInvocationTree call) {
      current = ASTHelpers.getReceiver(call);
      current = current == null ? null : ASTHelpers.stripParentheses(current);
    }
    return current == null ? null : ASTHelpers.getSymbol(current);
  }
}
