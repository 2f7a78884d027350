package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.Tree;
import java.util.Comparator;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * Where a path leaves with an obligation still open, as the flow engine found it: the statement
 * or call it leaves by and how, and for an exception its type.
 *
 * @param kind how the path leaves
 * @param site the {@code return}, {@code throw}, {@code break}, {@code continue}, the call that
 *     throws, the resource whose {@code close()} throws, or the assignment that replaces the object;
 *     null for {@link Kind#END}
 * @param exception the exception type, for {@link Kind#EXCEPTION} and {@link Kind#CLOSE}
 */
public record Exit(Kind kind, @Nullable Tree site, @Nullable TypeMirror exception) {
  /** How a path leaves. */
  public enum Kind {
    RETURN,
    THROW,
    BREAK,
    CONTINUE,
    /** A call or constructor call throws {@link #exception}. */
    EXCEPTION,
    /** The implicit {@code close()} of a try-with-resources resource throws. */
    CLOSE,
    /** An assignment replaces the object before its obligation is met. */
    REASSIGNMENT,
    /** The path reaches the end of the scope (or of the method) the normal way. */
    END
  }

  /** Source order of the sites ({@link Kind#END}, no site, last), then kind and exception. */
  public static final Comparator<Exit> ORDER =
      Comparator.comparingInt(Exit::position)
          .thenComparing(Exit::kind)
          .thenComparing(exit -> String.valueOf(exit.exception()));

  static final Exit END = new Exit(Kind.END, null, null);

  /** The start position of the site, or {@link Integer#MAX_VALUE} for the end of the scope. */
  public int position() {
    return site == null ? Integer.MAX_VALUE : ASTHelpers.getStartPosition(site);
  }

  /** The line of the site (1-based), or -1 for the end of the scope. */
  public long line(VisitorState state) {
    return site == null
        ? -1
        : state.getPath().getCompilationUnit().getLineMap().getLineNumber(position());
  }
}
