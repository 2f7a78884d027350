package dev.leakproof.checker.threads;

/**
 * Code of unusual shapes (initializers, switch expressions, records, null starts, constructor
 * references) the thread checks must survive, with the one diagnostic each defect gets when all
 * three checks run together.
 */
final class UnusualShapes {
  static final String SOURCE =
      """
      import java.util.concurrent.*;
      import java.util.function.*;
      class Shapes {
        static final BlockingQueue<String> Q = new LinkedBlockingQueue<>();
        static {
          try {
            Q.put("x");
          } catch (InterruptedException e) {
            throw new ExceptionInInitializerError(e);
          }
        }
        enum Mode { ON, OFF }
        record Pair(String a, String b) {}
        final Runnable field = () -> {
          for (;;) {
            try {
              Q.take();
            } catch (InterruptedException e) {
              return;
            }
          }
        };
        Thread self = new Thread() {
          { setDaemon(true); }
        };
        int switchExpression(Mode mode) {
          while (true) {
            int r = switch (mode) {
              case ON -> {
                try {
                  yield Q.take().length();
                // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                } catch (InterruptedException e) {
                  yield -1;
                }
              }
              case OFF -> 0;
            };
            if (r >= 0) {
              return r;
            }
          }
        }
        void startNull() {
          Thread t = null;
          t.start();
        }
        void startTwice(boolean b) {
          Thread t;
          if (b) {
            t = new Thread(() -> {});
          } else {
            t = new Thread(field);
          }
          t.start();
        }
        void startThis() {
          self.start();
          new Thread((Runnable) null).start();
          new Thread(Shapes::new).start();
          Supplier<Thread> s = () -> new Thread(() -> { while (true) {} });
          s.get().start();
          // BUG: Diagnostic contains: [ThreadWithoutExitPath]
          new Thread(() -> { while (true) {} }).start();
        }
        void emptyLoops() {
          for (;;) ;
        }
        void labelledBlock() throws InterruptedException {
          out: {
            while (true) {
              try {
                Q.take(); // the catch leaves the loop, so it leaves the wait (0.2)
              } catch (InterruptedException e) {
                break out;
              }
            }
          }
        }
        void genericFuture(Future<? extends CharSequence> f, CompletableFuture<Void> v) throws Exception {
          f.get();
          // BUG: Diagnostic contains: [UnboundedBlockingCall]
          v.thenRun(() -> {}).join();
        }
        synchronized void monitor() {
          do {
            try {
              wait();
            // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
            } catch (InterruptedException e) {
            }
          } while (Q.isEmpty());
        }
      }
      """;

  private UnusualShapes() {}
}
