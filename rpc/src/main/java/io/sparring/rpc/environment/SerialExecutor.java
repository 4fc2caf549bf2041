package io.sparring.rpc.environment;

import io.grpc.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on whichever thread submits while none is running, inside a
 * fixed gRPC {@link Context}. A Play stream's events (its requests, answers to its waiting
 * observe, cancellation) go through one, so its state needs no lock and no thread ever blocks on
 * another stream: a task submitted while one runs is queued and run by the running thread.
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Context context;

  SerialExecutor(Context context) {
    this.context = context;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    while (!tasks.isEmpty() && running.compareAndSet(false, true)) {
      Context previous = context.attach();
      try {
        Runnable next;
        while ((next = tasks.poll()) != null) {
          try {
            next.run();
          } catch (RuntimeException e) {
            log.warn("a Play stream task failed", e);
          }
        }
      } finally {
        context.detach(previous);
        running.set(false);
      }
    }
  }
}
