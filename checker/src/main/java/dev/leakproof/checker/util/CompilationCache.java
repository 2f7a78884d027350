package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Facts about trees and symbols that hold for the whole compilation, computed once and looked up
 * from any unit: what a thread body calls, a class's declarations, a unit's field writes. Error
 * Prone's compile policy attributes every class before it analyses any and lowers none until all
 * are analysed, so a tree seen in one unit is the same when another unit follows a call into it.
 * Facts that depend on the unit being checked belong in {@link UnitCache}. Not thread-safe, like
 * the checks themselves.
 */
public final class CompilationCache {
  private static final PerCompilation<CompilationCache> CACHES =
      new PerCompilation<>(state -> new CompilationCache());
  private static final Object NULL = new Object();

  /** By kind, then by tree or symbol (which compare by identity) or name. */
  private final Map<String, Map<Object, Object>> values = new HashMap<>();

  private CompilationCache() {}

  /** The value of {@code kind} for {@code of}, computed by {@code compute} the first time. */
  @SuppressWarnings("unchecked")
  public static <T> T get(VisitorState state, String kind, Object of, Supplier<T> compute) {
    CompilationCache cache = CACHES.get(state);
    // two plain lookups: this is asked for most calls of a file
    Map<Object, Object> ofKind = cache.values.computeIfAbsent(kind, k -> new HashMap<>());
    Object value = ofKind.get(of);
    if (value == null) {
      value = compute.get(); // not computeIfAbsent: compute may use the cache itself
      ofKind.put(of, value == null ? NULL : value);
    }
    return value == NULL ? null : (T) value;
  }
}
