package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;

/**
 * Answers: does this thread-factory expression make daemon threads? True when the expression, or
 * a variable, field or method of the same file that it names (also through a method reference),
 * calls {@code setDaemon(..)} with anything but the constant {@code false} (a lambda factory,
 * Guava's {@code ThreadFactoryBuilder}) or builds virtual threads ({@code Thread.ofVirtual()},
 * {@code Thread.ofPlatform().daemon()}). A factory class, factory method or factory constant
 * declared outside this file and outside the JDK and Guava cannot be seen, and is assumed to make
 * daemon threads (so that a {@code static} pool using it stays unreported); anything else makes
 * non-daemon threads.
 */
final class DaemonThreads {
  private DaemonThreads() {}

  static boolean isDaemonFactory(ExpressionTree factory, VisitorState state) {
    return isDaemonFactory(factory, state, new HashSet<>());
  }

  private static boolean isDaemonFactory(Tree tree, VisitorState state, Set<Symbol> seen) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        Symbol method = ASTHelpers.getSymbol(call);
        String name = method.getSimpleName().toString();
        if (name.equals("setDaemon")
            && call.getArguments().size() == 1
            && mayBeTrue(call.getArguments().get(0))) {
          // setDaemon(true), setDaemon(DAEMON), or setDaemon(daemon) decided elsewhere.
          found[0] = true;
        } else if (name.equals("ofVirtual") && method.owner.getSimpleName().contentEquals("Thread")) {
          found[0] = true;
        } else if (name.equals("daemon")
            && (call.getArguments().isEmpty() || mayBeTrue(call.getArguments().get(0)))) {
          // Thread.ofPlatform().daemon().factory()
          found[0] = true;
        } else if (seen.add(method)) {
          followMethod(method);
        }
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        // Executors.newSingleThreadScheduledExecutor(Clock::daemonThread)
        Symbol method = ASTHelpers.getSymbol(reference);
        if (method != null && seen.add(method)) {
          followMethod(method);
        }
        return super.visitMemberReference(reference, null);
      }

      private void followMethod(Symbol method) {
        Tree declaration = SourceLookup.inThisFile(method, state);
        if (declaration != null) {
          found[0] |= isDaemonFactory(declaration, state, seen);
        } else if (!TypeNames.isModelled(method)
            && makesThreads(
                method.isConstructor() ? method.owner.type : method.type.getReturnType(), state)) {
          // A factory method we cannot see (Threads.daemon("x")): it may make daemon threads.
          found[0] = true;
        }
      }

      @Override
      public Void visitNewClass(NewClassTree newClass, Void unused) {
        Symbol type = ASTHelpers.getSymbol(newClass.getIdentifier());
        if (type != null && seen.add(type)) {
          Tree declaration = SourceLookup.inThisFile(type, state);
          if (declaration != null) {
            found[0] |= isDaemonFactory(declaration, state, seen);
          } else if (!type.packge().getQualifiedName().toString().startsWith("java.")
              && !type.packge().getQualifiedName().toString().startsWith("com.google.common.")) {
            // A factory class we cannot see: it may make daemon threads; stay silent.
            found[0] = true;
          }
        }
        return super.visitNewClass(newClass, null);
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        followVariable(ASTHelpers.getSymbol(identifier));
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        followVariable(ASTHelpers.getSymbol(select));
        return super.visitMemberSelect(select, null);
      }

      private void followVariable(Symbol symbol) {
        if (symbol instanceof Symbol.VarSymbol && seen.add(symbol)) {
          Tree declaration = SourceLookup.inThisFile(symbol, state);
          if (declaration instanceof VariableTree variable
              && variable.getInitializer() != null
              && isDaemonFactory(variable.getInitializer(), state, seen)) {
            found[0] = true;
          } else if (declaration == null
              && symbol.getKind() == ElementKind.FIELD
              && !TypeNames.isModelled(symbol)
              && makesThreads(symbol.type, state)) {
            // A factory constant of another file (Factories.DAEMON): it may make daemon threads.
            found[0] = true;
          }
        }
      }
    }.scan(tree, null);
    return found[0];
  }

  /** True unless {@code flag} is the constant {@code false}. */
  private static boolean mayBeTrue(ExpressionTree flag) {
    return !Boolean.FALSE.equals(ASTHelpers.constValue(flag, Boolean.class));
  }

  /** True if {@code type} is a thread factory or a thread (what a factory hands out). */
  private static boolean makesThreads(Type type, VisitorState state) {
    return TypeNames.isSubtype(
        type,
        state,
        "java.util.concurrent.ThreadFactory",
        "java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory",
        "java.lang.Thread");
  }
}
