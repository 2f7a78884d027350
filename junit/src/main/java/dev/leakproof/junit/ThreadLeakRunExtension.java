package dev.leakproof.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The whole-run check, goleak's {@code VerifyTestMain} for JUnit: registered through {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}, so JUnit loads it only when its
 * extension auto-detection is on ({@code junit.jupiter.extensions.autodetection.enabled=true}).
 * It checks no test on its own: it keeps track of which test or class creates which thread, and
 * when the run ends, fails the run if threads started during it are still alive after the grace
 * period (each reported with the test that created it), or if threads threw uncaught exceptions
 * that no checked test reported. Tests and classes with {@code @DetectThreadLeaks} are still
 * checked one by one, and what they report is not reported again.
 *
 * <p>Not meant to be registered by hand. {@code leakproof.junit.wholeRun=false} turns it off while
 * auto-detection stays on for other extensions.
 */
public final class ThreadLeakRunExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, InvocationInterceptor {
  /** Taken when JUnit loads auto-detected extensions: at the start of the run. */
  private final ThreadSnapshot createdWith = ThreadSnapshot.take();

  /** Called by JUnit's auto-detection (a {@code ServiceLoader}). */
  public ThreadLeakRunExtension() {}

  private boolean active(ExtensionContext context) {
    if (!Scopes.start(context).wholeRun) {
      return false;
    }
    Scopes.wholeRun(context, () -> createdWith);
    return true;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (active(context)) {
      Scopes.enterClass(context, this);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Scopes.leaveClass(context, this, null);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (active(context)) {
      Scopes.enterTest(context, this);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Scopes.leaveTest(context, this, null);
  }

  @Override
  public <T> T interceptTestClassConstructor(Invocation<T> invocation,
      ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    return Scopes.inClassScope(extensionContext, invocation);
  }

  @Override
  public void interceptBeforeAllMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    Scopes.inClassScope(extensionContext, invocation);
  }

  @Override
  public void interceptAfterAllMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    Scopes.inClassScope(extensionContext, invocation);
  }
}
