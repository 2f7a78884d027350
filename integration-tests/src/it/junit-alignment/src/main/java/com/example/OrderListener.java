package com.example;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Waits for orders on a thread of its own; nothing ever stops it. */
public final class OrderListener {
  private final BlockingQueue<String> orders = new LinkedBlockingQueue<>();

  public void start() {
    new Thread(this::awaitOrders, "order-listener").start();
  }

  private void awaitOrders() {
    try {
      while (true) {
        System.out.println("order " + orders.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
