package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.util.Context;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Lookups and removals on a collection field that the class fills itself, which cannot throw in
 * practice: {@code remove(Object)}, {@code contains(..)}, {@code containsKey}, {@code
 * containsValue}, {@code get(Object)}, {@code getOrDefault}, {@code isEmpty()}, {@code size()},
 * {@code clear()} and the null-returning {@code peek()}/{@code poll()} family, on a {@code final}
 * field of the code being compiled whose every value is a {@code new} JDK collection or map ({@code
 * private final Set<K> keys = new HashSet<>();}, also when assigned in constructors). The field's
 * concrete class is then known: not an unmodifiable view (whose {@code remove} throws), not a
 * user's implementation. Index-based forms ({@code List.get(int)}, {@code remove(int)}), {@code
 * remove()} of an empty queue and every insertion (a bounded queue refuses) are not such calls.
 */
final class CollectionFields {
  private static final Set<String> LOOKUPS_BY_OBJECT =
      Set.of("remove", "contains", "containsKey", "containsValue", "get", "getOrDefault");
  private static final Set<String> LOOKUPS_WITHOUT_ARGUMENTS =
      Set.of("isEmpty", "size", "clear", "peek", "poll", "peekFirst", "peekLast", "pollFirst",
          "pollLast");
  private static final Set<String> JDK_PACKAGES = Set.of("java.util", "java.util.concurrent");

  /** Whether each field holds only collections it created, per compilation. */
  private static final Context.Key<Map<VarSymbol, Boolean>> FRESH = new Context.Key<>();

  private CollectionFields() {}

  /** True if {@code call} is one of the lookups above on a field that holds a fresh JDK collection. */
  static boolean quietLookup(ExpressionTree call, VisitorState state) {
    Symbol symbol = ASTHelpers.getSymbol(call);
    if (!(symbol instanceof MethodSymbol method) || method.isStatic()) {
      return false;
    }
    String name = method.getSimpleName().toString();
    boolean lookup =
        method.getParameters().isEmpty()
            ? LOOKUPS_WITHOUT_ARGUMENTS.contains(name)
            : LOOKUPS_BY_OBJECT.contains(name)
                && method.getParameters().stream()
                    .allMatch(p -> state.getTypes().erasure(p.type).tsym
                        == state.getSymtab().objectType.tsym);
    if (!lookup) {
      return false;
    }
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    boolean ownField =
        receiver instanceof IdentifierTree
            || (receiver instanceof MemberSelectTree select
                && ASTHelpers.stripParentheses(select.getExpression()) instanceof IdentifierTree self
                && self.getName().contentEquals("this"));
    return ownField
        && ASTHelpers.getSymbol(receiver) instanceof VarSymbol field
        && field.getKind() == ElementKind.FIELD
        && holdsFreshCollection(field, state);
  }

  private static boolean holdsFreshCollection(VarSymbol field, VisitorState state) {
    if (!field.getModifiers().contains(Modifier.FINAL)) {
      return false;
    }
    Map<VarSymbol, Boolean> known = state.context.get(FRESH);
    if (known == null) {
      known = new HashMap<>();
      state.context.put(FRESH, known);
    }
    Boolean answer = known.get(field);
    if (answer == null) {
      answer = onlyFreshValues(field, state);
      known.put(field, answer);
    }
    return answer;
  }

  /** True if every value given to {@code field} is a {@code new} JDK collection or map. */
  private static boolean onlyFreshValues(VarSymbol field, VisitorState state) {
    VariableTree declaration = SourceLookup.declaration(field, VariableTree.class, state);
    if (declaration == null) {
      return false;
    }
    if (declaration.getInitializer() != null) {
      return freshCollection(declaration.getInitializer(), state);
    }
    ClassTree owner =
        field.owner instanceof Symbol.ClassSymbol c ? SourceLookup.classTree(c, state) : null;
    if (owner == null) {
      return false;
    }
    int values = 0;
    for (AssignmentTree assignment : LocalTrees.findAll(owner, AssignmentTree.class)) {
      if (ASTHelpers.getSymbol(assignment.getVariable()) == field) {
        values++;
        if (!freshCollection(assignment.getExpression(), state)) {
          return false;
        }
      }
    }
    return values > 0;
  }

  private static boolean freshCollection(@Nullable Tree value, VisitorState state) {
    if (!(value instanceof ExpressionTree expression)
        || !(ASTHelpers.stripParentheses(expression) instanceof NewClassTree creation)
        || creation.getClassBody() != null) {
      return false;
    }
    Type type = ASTHelpers.getType(creation);
    if (type == null || !(type.tsym instanceof Symbol.ClassSymbol created)) {
      return false;
    }
    return JDK_PACKAGES.contains(created.packge().getQualifiedName().toString())
        && TypeNames.isSubtype(type, state, "java.util.Collection", "java.util.Map");
  }
}
