package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.tools.javac.code.Type;
import org.jspecify.annotations.Nullable;

/**
 * Type tests against classes given by their fully qualified names (JDK and library types the
 * checks know by name; a name the compilation cannot resolve matches nothing).
 */
public final class TypeNames {
  private TypeNames() {}

  /** True if {@code type} is a subtype of one of the classes or interfaces {@code names}. */
  public static boolean isSubtype(@Nullable Type type, VisitorState state, String... names) {
    for (String name : names) {
      Type named = state.getTypeFromString(name);
      if (type != null && named != null && ASTHelpers.isSubtype(type, named, state)) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code type} is the class or interface {@code name} itself. */
  public static boolean isSame(@Nullable Type type, String name, VisitorState state) {
    Type named = state.getTypeFromString(name);
    return type != null && named != null && ASTHelpers.isSameType(type, named, state);
  }
}
