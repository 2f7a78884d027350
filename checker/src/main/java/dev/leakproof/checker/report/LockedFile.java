package dev.leakproof.checker.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Read-merge-write of a file that several compilations may write at once: the modules of a
 * multi-module build (one after another or in parallel with {@code mvn -T}, forked javac processes
 * or threads of one JVM) sharing one baseline. The merge runs under an exclusive lock and the new
 * text replaces the file in one atomic rename, so no writer loses another's entries and no reader
 * sees half a file.
 *
 * <p>The lock is a file in the temporary directory named after the target's path, not beside the
 * target, so nothing appears in the user's source tree. (A lock on the target itself would be lost
 * by the rename.)
 */
final class LockedFile {
  private static final long WAIT_MILLIS = 5 * 60 * 1000;

  private LockedFile() {}

  /** Replaces {@code file}'s text (null when absent) by {@code merge}'s result, under the lock. */
  static void update(Path file, UnaryOperator<@Nullable String> merge) throws IOException {
    Path target = file.toAbsolutePath().normalize();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path canonical = dir.toRealPath().resolve(target.getFileName());
    Path lockFile = Paths.get(System.getProperty("java.io.tmpdir"))
        .resolve("leakproof-" + digest(canonical.toString()) + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = acquire(channel, canonical)) {
      String old = Files.exists(canonical) ? Files.readString(canonical, UTF_8) : null;
      writeAtomically(canonical, merge.apply(old));
    }
  }

  /**
   * Waits for the lock. {@code tryLock} and a pause, not {@code lock()}: within one JVM a second
   * thread asking for a held lock gets {@link OverlappingFileLockException} instead of waiting.
   */
  private static FileLock acquire(FileChannel channel, Path file) throws IOException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // held by another compilation in this JVM: wait as for another process
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("timed out waiting for another compilation to finish writing " + file);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting to write " + file, e);
      }
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temp, text, UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      return Integer.toHexString(text.hashCode());
    }
  }
}
