package dev.leakproof.bench.junit;

import dev.leakproof.junit.DetectThreadLeaks;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The measured suite: ten test classes of fifty trivial tests each (a {@code @RepeatedTest} runs
 * every callback once per repetition, like fifty methods): plain, with {@code @DetectThreadLeaks},
 * and, as a control, with an extension that has the same callbacks and does nothing. The tests create no thread: what is measured is what a clean test pays.
 */
final class Suite {
  static final int CLASSES = 10;
  static final int TESTS_PER_CLASS = 50;

  private Suite() {}

  abstract static class Trivial {
    private int counter;

    @RepeatedTest(TESTS_PER_CLASS)
    void trivial() {
      counter++;
      if (counter < 0) {
        throw new AssertionError("unreachable");
      }
    }
  }

  static final class Plain01 extends Trivial {}
  static final class Plain02 extends Trivial {}
  static final class Plain03 extends Trivial {}
  static final class Plain04 extends Trivial {}
  static final class Plain05 extends Trivial {}
  static final class Plain06 extends Trivial {}
  static final class Plain07 extends Trivial {}
  static final class Plain08 extends Trivial {}
  static final class Plain09 extends Trivial {}
  static final class Plain10 extends Trivial {}

  @DetectThreadLeaks static final class Checked01 extends Trivial {}
  @DetectThreadLeaks static final class Checked02 extends Trivial {}
  @DetectThreadLeaks static final class Checked03 extends Trivial {}
  @DetectThreadLeaks static final class Checked04 extends Trivial {}
  @DetectThreadLeaks static final class Checked05 extends Trivial {}
  @DetectThreadLeaks static final class Checked06 extends Trivial {}
  @DetectThreadLeaks static final class Checked07 extends Trivial {}
  @DetectThreadLeaks static final class Checked08 extends Trivial {}
  @DetectThreadLeaks static final class Checked09 extends Trivial {}
  @DetectThreadLeaks static final class Checked10 extends Trivial {}

  @ExtendWith(NoopExtension.class) static final class Noop01 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop02 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop03 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop04 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop05 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop06 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop07 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop08 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop09 extends Trivial {}
  @ExtendWith(NoopExtension.class) static final class Noop10 extends Trivial {}

  static final List<Class<?>> NOOP = List.of(Noop01.class, Noop02.class, Noop03.class, Noop04.class,
      Noop05.class, Noop06.class, Noop07.class, Noop08.class, Noop09.class, Noop10.class);
  static final List<Class<?>> PLAIN = List.of(Plain01.class, Plain02.class, Plain03.class, Plain04.class,
      Plain05.class, Plain06.class, Plain07.class, Plain08.class, Plain09.class, Plain10.class);
  static final List<Class<?>> CHECKED = List.of(Checked01.class, Checked02.class, Checked03.class,
      Checked04.class, Checked05.class, Checked06.class, Checked07.class, Checked08.class, Checked09.class,
      Checked10.class);
}
