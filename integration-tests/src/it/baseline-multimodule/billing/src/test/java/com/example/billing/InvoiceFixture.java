package com.example.billing;

import java.util.Timer;
import java.util.TimerTask;

/** Test code has findings too: a timer never cancelled. */
class InvoiceFixture {
  void scheduleReminder(TimerTask reminder) {
    new Timer().schedule(reminder, 1000);
  }
}
