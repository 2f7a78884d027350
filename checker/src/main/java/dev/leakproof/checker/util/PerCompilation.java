package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.sun.tools.javac.util.Context;
import java.lang.ref.WeakReference;
import java.util.function.Function;

/**
 * One object per compilation, kept in javac's context, with the last one asked for remembered:
 * every matcher call of every check asks for one (the report session, the caches), and a lookup
 * in the context's large table costs a cache miss each time.
 */
public final class PerCompilation<T> {
  private final Context.Key<T> key = new Context.Key<>();
  private final Function<VisitorState, T> create;
  /** Weakly: a build tool's long-lived JVM must not keep a finished compilation alive. */
  private volatile WeakReference<Last<T>> last = new WeakReference<>(null);

  private record Last<T>(Context context, T value) {}

  public PerCompilation(Function<VisitorState, T> create) {
    this.create = create;
  }

  /** The object of {@code state}'s compilation, made by the constructor's function the first time. */
  public T get(VisitorState state) {
    Last<T> remembered = last.get();
    if (remembered != null && remembered.context() == state.context) {
      return remembered.value();
    }
    T value = state.context.get(key);
    if (value == null) {
      value = create.apply(state);
      state.context.put(key, value);
    }
    last = new WeakReference<>(new Last<>(state.context, value));
    return value;
  }
}
