package io.sparring.league.store;

import java.nio.file.Path;

/**
 * A second process for {@link RunLockTest}: takes the lock of args[0], prints "locked" and waits to
 * be killed, or prints "refused: " and the message.
 */
final class RunLockHolder {
  private RunLockHolder() {}

  public static void main(String[] args) throws InterruptedException {
    RunLock lock;
    try {
      lock = RunLock.acquire(Path.of(args[0]));
    } catch (IllegalStateException e) {
      System.out.println("refused: " + e.getMessage());
      return;
    }
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(120_000); // bounded, in case the test dies before killing it
    lock.close();
  }
}
