package dev.leakproof.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents that a thread, executor or timer is meant to live as long as the JVM, and silences
 * Leakproof's checks about long-lived threads (ThreadWithoutExitPath, InterruptSwallowedInLoop,
 * UnboundedBlockingCall, ExecutorNeverShutDown, TimerNeverCancelled) on the annotated declaration
 * and everything inside it.
 *
 * <pre>{@code
 * @IntentionalDaemon("drains the audit queue until the JVM exits")
 * private final Thread auditWriter = new Thread(this::drainForever);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({
  ElementType.TYPE,
  ElementType.METHOD,
  ElementType.CONSTRUCTOR,
  ElementType.FIELD,
  ElementType.LOCAL_VARIABLE
})
public @interface IntentionalDaemon {
  /** Why this thread is meant to live forever. */
  String value() default "";
}
