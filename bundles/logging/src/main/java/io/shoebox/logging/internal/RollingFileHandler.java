package io.shoebox.logging.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Appends to one file and rotates it by size. The current file keeps its name ({@code shoebox.log});
 * when it has reached {@code limitBytes} it becomes {@code shoebox.log.1}, the former {@code .1}
 * becomes {@code .2} and so on, and the file beyond {@code count - 1} is deleted. So at most
 * {@code count} files exist, each at most one record larger than the limit.
 *
 * <p>The JDK's {@code FileHandler} is not used because it cannot keep a fixed name for the
 * current file while rotating, and it leaves {@code .lck} files beside the logs.
 */
final class RollingFileHandler extends StreamHandler {

    private final Path file;
    private final long limitBytes;
    private final int count;
    private long written;

    RollingFileHandler(Path file, long limitBytes, int count, Formatter formatter) throws IOException {
        if (limitBytes < 1 || count < 1) {
            throw new IllegalArgumentException("limitBytes and count must be positive");
        }
        this.file = file;
        this.limitBytes = limitBytes;
        this.count = count;
        setFormatter(formatter);
        setEncoding(StandardCharsets.UTF_8.name());
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        open();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        super.publish(record);
        flush();
        if (written >= limitBytes) {
            try {
                rotate();
            } catch (IOException e) {
                reportError("Cannot rotate " + file, e, ErrorManager.GENERIC_FAILURE);
            }
        }
    }

    /** The file numbered {@code generation}; generation 0 is the current file. */
    Path generation(int generation) {
        return generation == 0 ? file : file.resolveSibling(file.getFileName() + "." + generation);
    }

    private void rotate() throws IOException {
        // Closes the current stream (setOutputStream flushes and closes the previous one).
        setOutputStream(OutputStream.nullOutputStream());
        Files.deleteIfExists(generation(count - 1));
        for (int i = count - 2; i >= 0; i--) {
            if (Files.exists(generation(i))) {
                Files.move(generation(i), generation(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        open();
    }

    private void open() throws IOException {
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written = Files.size(file);
        setOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
            }
        });
    }
}
