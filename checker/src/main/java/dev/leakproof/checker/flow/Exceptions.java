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
import java.util.List;
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
    return !isA(type, state.getSymtab().runtimeExceptionType, state) && !isError(type, state);
  }

  /** True if {@code type} is an {@link Error} (or a subtype). */
  public static boolean isError(TypeMirror type, VisitorState state) {
    return isA(type, state.getSymtab().errorType, state);
  }

  /** The exception types a catch clause names (the alternatives of a multi-catch). */
  public static ImmutableList<Type> caughtTypes(CatchTree catchTree) {
    Tree typeTree = catchTree.getParameter().getType();
    List<? extends Tree> alternatives =
        typeTree instanceof UnionTypeTree union ? union.getTypeAlternatives() : List.of(typeTree);
    ImmutableList.Builder<Type> caught = ImmutableList.builder();
    for (Tree alternative : alternatives) {
      Type type = ASTHelpers.getType(alternative);
      if (type != null) {
        caught.add(type);
      }
    }
    return caught.build();
  }

  /** True if a catch of {@code caught} (a class or a multi-catch union) takes every {@code thrown}. */
  public static boolean catchesAll(TypeMirror caught, TypeMirror thrown, VisitorState state) {
    for (TypeMirror alternative : alternatives(caught)) {
      if (isA(thrown, alternative, state)) {
        return true;
      }
    }
    return false;
  }

  /** True if a catch of {@code caught} can take some exception of type {@code thrown}. */
  public static boolean catchesSome(TypeMirror caught, TypeMirror thrown, VisitorState state) {
    Types types = state.getTypes();
    for (TypeMirror alternative : alternatives(caught)) {
      if (isA(thrown, alternative, state)
          || types.isSubtype(types.erasure((Type) alternative), erased(thrown, state))) {
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

  /** True if {@code thrown} (erased; a type variable by its bound) is a subtype of {@code type}. */
  private static boolean isA(TypeMirror thrown, TypeMirror type, VisitorState state) {
    return state.getTypes().isSubtype(erased(thrown, state), state.getTypes().erasure((Type) type));
  }

  /** The erasure of {@code type}, of its upper bound for a type variable. */
  private static Type erased(TypeMirror type, VisitorState state) {
    Type bounded = (Type) type;
    for (int i = 0; i < 10 && bounded.hasTag(com.sun.tools.javac.code.TypeTag.TYPEVAR); i++) {
      bounded = bounded.getUpperBound();
    }
    return state.getTypes().erasure(bounded);
  }
}
