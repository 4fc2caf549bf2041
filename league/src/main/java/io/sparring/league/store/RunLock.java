package io.sparring.league.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The one writer of a run directory: an OS lock on {@code league.lock}, held until {@link #close()}
 * or until the process dies (the OS drops it even after {@code kill -9}, so a lock file left by a
 * dead process is simply taken over). The file also names the holder (PID, host, since) for the
 * message that refuses a second writer; only the OS lock decides who holds it.
 *
 * <p>{@code close()} leaves the file in place: deleting it would let a process that opened the old
 * file and one that creates a new file both hold "the" lock.
 */
public final class RunLock implements AutoCloseable {
  static final String FILE = "league.lock";

  // Lock files this JVM holds, by real path, with what each records. POSIX record locks belong to
  // the process, and closing any descriptor of the file drops them, so a second acquire here must
  // not open the file at all.
  private static final Map<Path, String> HELD = new HashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the run directory's lock, creating the directory and {@code league.lock} if needed.
   *
   * @throws IllegalStateException if another process, or this one, holds it; the message names the
   *     holder
   */
  public static RunLock acquire(Path runDirectory) {
    String holder = "pid=%d\nhost=%s\nsince=%s\n".formatted(ProcessHandle.current().pid(), hostName(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try {
      Files.createDirectories(runDirectory);
      Path file = runDirectory.toRealPath().resolve(FILE);
      synchronized (HELD) {
        if (HELD.containsKey(file)) {
          throw inUse(runDirectory, HELD.get(file));
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
          FileLock lock;
          try {
            lock = channel.tryLock();
          } catch (OverlappingFileLockException e) { // held through a channel this class did not open
            lock = null;
          }
          if (lock == null) {
            throw inUse(runDirectory, read(channel));
          }
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
          channel.force(false);
          HELD.put(file, holder);
          return new RunLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
          channel.close(); // releases the lock too, if it was taken
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + runDirectory.resolve(FILE), e);
    }
  }

  /** Releases the lock; the file stays (see the class comment). Closing twice does nothing. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (!channel.isOpen()) {
        return;
      }
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot release " + file, e);
      } finally {
        HELD.remove(file);
      }
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  private static IllegalStateException inUse(Path runDirectory, String recorded) {
    String pid = field(recorded, "pid");
    String host = field(recorded, "host");
    String since = field(recorded, "since");
    String who;
    if (pid == null) { // the holder locked the file but has not written to it yet
      who = "another process";
    } else {
      who = "process %s on host %s since %s".formatted(pid, host, since);
      if (host != null && host.equals(hostName()) && isGone(pid)) {
        // The OS lock is the truth: whoever holds it has not recorded itself (yet).
        who += " (no such process now, yet the lock is held)";
      }
    }
    return new IllegalStateException("%s is in use by %s; stop that process first (standings and eval do not need the lock)"
        .formatted(runDirectory, who));
  }

  private static boolean isGone(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String field(String recorded, String name) {
    return recorded.lines()
        .filter(line -> line.startsWith(name + "="))
        .map(line -> line.substring(name.length() + 1).strip())
        .findFirst()
        .orElse(null);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
