package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Type tests against classes given by their fully qualified names (JDK and library types the
 * checks know by name; a name the compilation cannot resolve matches nothing).
 *
 * <p>The checks ask these questions for almost every call, creation and variable of a file, mostly
 * about the same few classes, so each name is resolved once per compilation and each class's
 * answer is kept: a subtype test of erased types depends only on the two classes.
 */
public final class TypeNames {
  private TypeNames() {}

  /** A name's type in this compilation (null when it has none), and the classes' answers. */
  private record Named(@Nullable Type type, Map<ClassSymbol, Boolean> subtypes) {}

  /** True if {@code type} is a subtype of one of the classes or interfaces {@code names}. */
  public static boolean isSubtype(@Nullable Type type, VisitorState state, String... names) {
    if (type == null || type.isPrimitiveOrVoid()) {
      return false;
    }
    for (String name : names) {
      if (isSubtype(type, named(name, state), state)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSubtype(Type type, Named named, VisitorState state) {
    if (named.type() == null) {
      return false;
    }
    if (!type.hasTag(TypeTag.CLASS) || !(type.tsym instanceof ClassSymbol symbol)) {
      return ASTHelpers.isSubtype(type, named.type(), state);
    }
    Boolean answer = named.subtypes().get(symbol);
    if (answer == null) {
      answer = ASTHelpers.isSubtype(type, named.type(), state);
      named.subtypes().put(symbol, answer);
    }
    return answer;
  }

  /** True if {@code type} is the class or interface {@code name} itself. */
  public static boolean isSame(@Nullable Type type, String name, VisitorState state) {
    Type named = type == null ? null : named(name, state).type();
    return named != null && ASTHelpers.isSameType(type, named, state);
  }

  /**
   * Error Prone keeps only the names it resolves: looking up a missing one (Guava's types in a
   * project without Guava) would search the class path each time.
   */
  private static Named named(String name, VisitorState state) {
    return CompilationCache.get(state, "type named", name,
        () -> new Named(state.getTypeFromString(name), new IdentityHashMap<>()));
  }
}
