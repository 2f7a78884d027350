package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import java.util.List;
import java.util.Map;

/**
 * What {@link OwnedThreads} asks of a {@code Runnable} class: does it run on a thread of its own
 * ({@code new Thread(this)}, here or in a superclass), and can other code run it elsewhere?
 */
final class RunnableClasses {
  private RunnableClasses() {}

  /**
   * Whether {@code method}, a body this code threads, is the {@code run()} of a public Runnable
   * that other code can create and run on threads of its own (a pool whose {@code shutdownNow()}
   * the swallow defeats), as Commons IO's {@code Tailer}, which a static factory starts on a thread
   * but whose documentation also hands to an executor. A class that threads itself ({@code new
   * Thread(this)}) still owns its {@code run()}, and so does the outer object of an inner
   * (non-static) class, which other code cannot create without it (Tomcat's {@code
   * AprEndpoint.Poller}). {@code threadsItself} caches that per class.
   */
  static boolean othersMayRun(
      MethodTree method, Map<ClassSymbol, Boolean> threadsItself, VisitorState state) {
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    ClassSymbol owner = symbol == null ? null : symbol.enclClass();
    if (owner == null
        || !method.getName().contentEquals("run")
        || !method.getParameters().isEmpty()
        || (symbol.flags() & Flags.PUBLIC) == 0 // a private run() started as this::run
        || !TypeNames.isSubtype(owner.type, state, "java.lang.Runnable") // others cannot pool it
        || (owner.flags() & Flags.PUBLIC) == 0
        || owner.hasOuterInstance()
        || TypeNames.isSubtype(owner.type, state, ThreadCalls.THREAD)) {
      return false;
    }
    boolean constructible = false;
    for (Symbol member : owner.getEnclosedElements()) {
      constructible |= member instanceof MethodSymbol constructor && constructor.isConstructor()
          && (constructor.flags() & (Flags.PUBLIC | Flags.PROTECTED)) != 0;
    }
    return constructible && !threadsItself.computeIfAbsent(owner, c -> {
      ClassTree source = SourceLookup.classTree(c, state);
      return source == null || createsThreadAroundThis(source, state);
    });
  }

  /**
   * Whether a superclass of {@code runnable} runs the subclass's {@code run()} on a thread of its
   * own: a superclass of the code being compiled that creates a thread around {@code this} ({@code
   * new Thread(this)}, {@code factory.newThread(this)}), or a library superclass outside the JDK
   * (a {@code ServiceThread}) that holds a {@code Thread} field.
   */
  static boolean threadsItselfAbove(ClassSymbol runnable, VisitorState state) {
    if (!TypeNames.isSubtype(runnable.type, state, "java.lang.Runnable")) {
      return false;
    }
    int depth = 0;
    for (Type up = runnable.getSuperclass(); up != null && up.tsym instanceof ClassSymbol superclass
        && !superclass.getQualifiedName().contentEquals("java.lang.Object") && depth < 4;
        up = superclass.getSuperclass(), depth++) {
      ClassTree source = SourceLookup.classTree(superclass, state);
      if (source != null) {
        if (createsThreadAroundThis(source, state)) {
          return true;
        }
        continue;
      }
      String name = superclass.getQualifiedName().toString();
      if (name.startsWith("java.") || name.startsWith("javax.")) {
        return false; // FutureTask keeps its runner thread but runs on its executor's
      }
      try {
        for (Symbol member : superclass.getEnclosedElements()) {
          if (member instanceof VarSymbol field && !field.isStatic()
              && TypeNames.isSubtype(field.type, state, ThreadCalls.THREAD)) {
            return true;
          }
        }
      } catch (Symbol.CompletionFailure e) {
        return false; // a library class missing from the classpath: cannot tell
      }
    }
    return false;
  }

  private static boolean createsThreadAroundThis(ClassTree source, VisitorState state) {
    for (Tree tree : LocalTrees.findAll(source, Tree.class)) {
      List<? extends ExpressionTree> arguments = tree instanceof NewClassTree created
          ? created.getArguments()
          : tree instanceof MethodInvocationTree call ? call.getArguments() : List.of();
      Type type = tree instanceof ExpressionTree expression ? ASTHelpers.getType(expression) : null;
      if (!TypeNames.isSubtype(type, state, ThreadCalls.THREAD)) {
        continue;
      }
      for (ExpressionTree argument : arguments) {
        if (ASTHelpers.stripParentheses(argument) instanceof IdentifierTree id
            && id.getName().contentEquals("this")) {
          return true;
        }
      }
    }
    return false;
  }
}
