package io.github.empathy4j.core.run;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file that lines are appended to, each with one write so that a killed process leaves at most
 * one torn line at the end. Writes go straight to the operating system (no buffer in the JVM),
 * so killing the process loses nothing written; an operating-system crash may. Unlike a
 * {@code FileChannel}, the file is not closed when a writing thread is interrupted. Writers hold their run
 * folder's {@link RunDirectory#lock()}; the file itself is not locked.
 */
final class AppendOnlyFile implements Closeable {

    private final Path file;
    private final RandomAccessFile raf;

    private AppendOnlyFile(Path file, RandomAccessFile raf) {
        this.file = file;
        this.raf = raf;
    }

    /** Opens (creating it and its folder) the file for appending. */
    static AppendOnlyFile open(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + folder, e);
        }
        RandomAccessFile raf = null;
        try {
            raf = new RandomAccessFile(file.toFile(), "rw");
            raf.seek(raf.length());
            return new AppendOnlyFile(file, raf);
        } catch (IOException e) {
            closeQuietly(raf, e);
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /**
     * Closes every file that is not {@code null}, all of them even when one fails.
     *
     * @throws UncheckedIOException naming {@code what} when a file could not be closed
     */
    static void closeAll(String what, AppendOnlyFile... files) {
        IOException problem = null;
        for (AppendOnlyFile file : files) {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    problem = e;
                }
            }
        }
        if (problem != null) {
            throw new UncheckedIOException("cannot close " + what, problem);
        }
    }

    private static void closeQuietly(RandomAccessFile raf, Exception failure) {
        if (raf != null) {
            try {
                raf.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Cuts the file to {@code size} bytes; later appends go after them. */
    synchronized void truncate(long size) {
        try {
            raf.setLength(size);
            raf.seek(size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + file, e);
        }
    }

    /** Appends the bytes with one write. */
    synchronized void append(byte[] bytes) {
        try {
            raf.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        raf.close();
    }
}
