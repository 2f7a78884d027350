package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.CompilationUnitTree;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Facts computed once per tree (a method body, a block, the whole file) and then looked up for
 * every candidate in it, so that a check does not rescan a long method for each call it matches.
 * One cache per compilation, kept in javac's context, serves every check and the flow engine (as
 * Error Prone's {@code DataFlow} does for its graphs); since Error Prone scans one compilation unit
 * at a time, the cache forgets everything as soon as it is asked about another unit. Not
 * thread-safe, like the checks themselves.
 */
public final class UnitCache {
  private static final PerCompilation<UnitCache> CACHES = new PerCompilation<>(state -> new UnitCache());
  private static final Object NULL = new Object();

  private @Nullable CompilationUnitTree unit;
  private final Map<Key, Object> values = new HashMap<>();

  /** Javac's trees and symbols compare by identity, so the key does too. */
  private record Key(String kind, @Nullable Object of) {}

  private UnitCache() {}

  /**
   * The value of {@code kind} for {@code of} (a tree or symbol of the current unit, or null for the
   * unit itself), computed by {@code compute} the first time it is asked for in this unit.
   */
  @SuppressWarnings("unchecked")
  public static <T> T get(
      VisitorState state, String kind, @Nullable Object of, Supplier<T> compute) {
    UnitCache cache = CACHES.get(state);
    CompilationUnitTree current = state.getPath() == null ? null : state.getPath().getCompilationUnit();
    if (current != cache.unit) {
      cache.values.clear();
      cache.unit = current;
    }
    Key key = new Key(kind, of);
    Object value = cache.values.get(key);
    if (value == null) {
      value = compute.get(); // not computeIfAbsent: compute may use the cache itself
      cache.values.put(key, value == null ? NULL : value);
    }
    return value == NULL ? null : (T) value;
  }
}
