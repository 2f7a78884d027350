package dev.leakproof.checker.flow;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;
import org.jspecify.annotations.Nullable;

/**
 * Which catch takes which exception: the one place that compares thrown and caught types
 * (multi-catch alternatives, type variables and erasure included). The flow engine uses it where
 * the control-flow graph merges exception types (a {@code finally} rethrows everything as {@code
 * Throwable}); checks that ask about a single {@code try} use it directly.
 */
public final class Exceptions {
  private Exceptions() {}

  /** True if {@code type} is a checked exception type (not a RuntimeException or Error). */
  public static boolean isChecked(TypeMirror type, VisitorState state) {
    Types types = state.getTypes();
    Type thrown = types.erasure(upperBound((Type) type));
    return !types.isSubtype(thrown, state.getSymtab().runtimeExceptionType)
        && !types.isSubtype(thrown, state.getSymtab().errorType);
  }

  /** True if {@code type} is an {@link Error} (or a subtype). */
  public static boolean isError(TypeMirror type, VisitorState state) {
    Types types = state.getTypes();
    return types.isSubtype(types.erasure(upperBound((Type) type)), state.getSymtab().errorType);
  }

  /** The exception types a catch clause names (the alternatives of a multi-catch). */
  public static ImmutableList<Type> caughtTypes(CatchTree catchTree) {
    Tree typeTree = catchTree.getParameter().getType();
    ImmutableList.Builder<Type> caught = ImmutableList.builder();
    if (typeTree instanceof UnionTypeTree union) {
      for (Tree alternative : union.getTypeAlternatives()) {
        Type type = ASTHelpers.getType(alternative);
        if (type != null) {
          caught.add(type);
        }
      }
    } else {
      Type type = ASTHelpers.getType(typeTree);
      if (type != null) {
        caught.add(type);
      }
    }
    return caught.build();
  }

  /** True if a catch of {@code caught} (a class or a multi-catch union) takes every {@code thrown}. */
  public static boolean catchesAll(TypeMirror caught, TypeMirror thrown, VisitorState state) {
    Types types = state.getTypes();
    Type exception = types.erasure(upperBound((Type) thrown));
    for (TypeMirror alternative : alternatives(caught)) {
      if (types.isSubtype(exception, types.erasure((Type) alternative))) {
        return true;
      }
    }
    return false;
  }

  /** True if a catch of {@code caught} can take some exception of type {@code thrown}. */
  public static boolean catchesSome(TypeMirror caught, TypeMirror thrown, VisitorState state) {
    Types types = state.getTypes();
    Type exception = types.erasure(upperBound((Type) thrown));
    for (TypeMirror alternative : alternatives(caught)) {
      Type erased = types.erasure((Type) alternative);
      if (types.isSubtype(exception, erased) || types.isSubtype(erased, exception)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The catch that takes an exception of type {@code thrown} raised at {@code path}, looking only
   * at the {@code try} statements between it and {@code container} (exclusive); null if none of
   * them catches all of it. Code in a resource specification counts as inside the {@code try}.
   */
  @Nullable
  public static CatchTree catchBetween(
      TreePath path, Tree container, TypeMirror thrown, VisitorState state) {
    Tree child = path.getLeaf();
    for (TreePath p = path.getParentPath(); p != null && p.getLeaf() != container;
        p = p.getParentPath()) {
      if (p.getLeaf() instanceof TryTree tryTree
          && (tryTree.getBlock() == child || tryTree.getResources().contains(child))) {
        for (CatchTree catchTree : tryTree.getCatches()) {
          Type caught = ASTHelpers.getType(catchTree.getParameter().getType());
          if (caught != null && catchesAll(caught, thrown, state)) {
            return catchTree;
          }
        }
      }
      child = p.getLeaf();
    }
    return null;
  }

  private static Iterable<? extends TypeMirror> alternatives(TypeMirror caught) {
    return caught instanceof UnionType union ? union.getAlternatives() : ImmutableList.of(caught);
  }

  private static Type upperBound(Type type) {
    Type bounded = type;
    for (int i = 0; i < 10 && bounded.hasTag(com.sun.tools.javac.code.TypeTag.TYPEVAR); i++) {
      bounded = bounded.getUpperBound();
    }
    return bounded;
  }
}
