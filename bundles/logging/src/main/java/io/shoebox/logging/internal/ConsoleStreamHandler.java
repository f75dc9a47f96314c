package io.shoebox.logging.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes records to the terminal (standard output) and flushes after each one. Closing it flushes
 * but leaves the terminal stream open, unlike a plain {@link StreamHandler}.
 */
final class ConsoleStreamHandler extends StreamHandler {

    ConsoleStreamHandler(OutputStream terminal, Formatter formatter) {
        super(new FilterOutputStream(terminal) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, formatter);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
    }
}
