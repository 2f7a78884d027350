package dev.leakproof.checker.threads.library;

/**
 * A service base class as libraries ship it (compiled, not part of the code under test): it runs
 * its subclass's {@code run()} on a thread of its own and stops it with a volatile flag, then an
 * interrupt as a wake-up. Tests compile subclasses of it against its class file.
 */
public abstract class LibraryServiceThread implements Runnable {
  protected volatile boolean stopped;
  private Thread thread;

  public void start() {
    thread = new Thread(this, getClass().getSimpleName());
    thread.start();
  }

  public void shutdown() {
    stopped = true;
    thread.interrupt();
  }

  public boolean isStopped() {
    return stopped;
  }
}
