package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import com.sun.tools.javac.code.Types;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Type tests against classes given by their fully qualified names (JDK and library types the
 * checks know by name; a name the compilation cannot resolve matches nothing).
 *
 * <p>The checks ask these questions for almost every call, creation and variable of a file, mostly
 * about the same few classes, so each class's answer is kept for the compilation (a subtype test
 * of erased types depends only on the two classes), and is found from the names of the class's
 * supertypes: a named class the code never uses is not loaded.
 */
public final class TypeNames {
  private TypeNames() {}

  /** A name's type in this compilation (resolved when first needed), and the classes' answers. */
  private static final class Named {
    private final String name;
    private final Map<ClassSymbol, Boolean> subtypes = new IdentityHashMap<>();
    private boolean resolved;
    private @Nullable Type type;

    Named(String name) {
      this.name = name;
    }

    Map<ClassSymbol, Boolean> subtypes() {
      return subtypes;
    }

    /** Error Prone keeps only the names it resolves: a missing one is searched for once here. */
    @Nullable
    Type type(VisitorState state) {
      if (!resolved) {
        type = state.getTypeFromString(name);
        resolved = true;
      }
      return type;
    }
  }

  /**
   * True if {@code symbol} is declared in the JDK or Guava: the libraries whose behaviour the checks
   * model. Code of any other library cannot be seen: a user's implementation may do anything.
   */
  public static boolean isModelled(Symbol symbol) {
    Symbol.PackageSymbol pkg = symbol.packge();
    String name = pkg == null ? "" : pkg.getQualifiedName().toString();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("com.google.common.");
  }

  /** True if {@code type} is a subtype of one of the classes or interfaces {@code names}. */
  public static boolean isSubtype(@Nullable Type type, VisitorState state, String... names) {
    if (type == null || type.isPrimitiveOrVoid()) {
      return false;
    }
    // a class type's class is its erasure's: erase only type variables and the like
    Type erased = type.hasTag(TypeTag.CLASS) ? type : state.getTypes().erasure(type);
    for (String name : names) {
      if (erased.hasTag(TypeTag.CLASS) && erased.tsym instanceof ClassSymbol symbol
          ? hasSupertypeNamed(symbol, name, state)
          : isSubtype(erased, named(name, state).type(state), state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code symbol} or one of its supertypes is named {@code name}, asked of its supertypes'
   * names so that a class the code never uses is not loaded just to learn that nothing extends
   * it. A walk up the direct supertypes, each one's answer kept: cheaper than javac's list of all
   * supertypes of a class, which it builds in order and keeps for every class asked.
   */
  private static boolean hasSupertypeNamed(ClassSymbol symbol, String name, VisitorState state) {
    return walkUp(symbol, name, named(name, state).subtypes(), state.getTypes());
  }

  private static boolean walkUp(
      ClassSymbol symbol, String name, Map<ClassSymbol, Boolean> answers, Types types) {
    Boolean known = answers.get(symbol);
    if (known != null) {
      return known;
    }
    answers.put(symbol, false); // while walking: a cyclic (erroneous) hierarchy ends here
    boolean answer = false;
    try {
      if (symbol.getQualifiedName().contentEquals(name)) {
        answer = true;
      } else {
        Type superclass = types.supertype(symbol.type);
        answer = superclass.hasTag(TypeTag.CLASS) && superclass.tsym instanceof ClassSymbol up
            && walkUp(up, name, answers, types);
        if (!answer) {
          for (Type face : types.interfaces(symbol.type)) {
            if (face.tsym instanceof ClassSymbol up && walkUp(up, name, answers, types)) {
              answer = true;
              break;
            }
          }
        }
      }
    } catch (Symbol.CompletionFailure e) {
      // a supertype missing from the class path: as Error Prone's isSubtype, no answer is false
    }
    answers.put(symbol, answer);
    return answer;
  }

  private static boolean isSubtype(Type type, @Nullable Type named, VisitorState state) {
    return named != null && ASTHelpers.isSubtype(type, named, state);
  }

  /** True if {@code type} is the class or interface {@code name} itself. */
  public static boolean isSame(@Nullable Type type, String name, VisitorState state) {
    Type named = type == null ? null : named(name, state).type(state);
    return named != null && ASTHelpers.isSameType(type, named, state);
  }

  private static final PerCompilation<Map<String, Named>> NAMES =
      new PerCompilation<>(state -> new HashMap<>());

  private static Named named(String name, VisitorState state) {
    return NAMES.get(state).computeIfAbsent(name, Named::new);
  }
}
