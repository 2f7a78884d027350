package com.example;

import dev.leakproof.junit.DetectThreadLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Fails on purpose (its thread is never stopped); runs only with -Ddemo.leak=true. */
@DetectThreadLeaks(gracePeriodMillis = 200)
@EnabledIfSystemProperty(named = "demo.leak", matches = "true")
class OrderListenerTest {
  @Test
  void startsAListener() {
    new OrderListener().start();
  }
}
