package io.shoebox.repository.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place the repository bundle makes threads. Every thread is a daemon (a stuck upload never
 * keeps the JVM alive after the framework stopped) and is named {@code shoebox-<purpose>-<n>}, so a
 * thread dump says what each one does.
 */
final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code shoebox-<purpose>-1}, {@code -2}, ..., numbered per factory. */
    static ThreadFactory named(String purpose) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "shoebox-" + purpose + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A pool of {@code size} threads for one purpose. */
    static ExecutorService pool(String purpose, int size) {
        return Executors.newFixedThreadPool(size, named(purpose));
    }

    /** A scheduler with a single thread for one purpose. */
    static ScheduledExecutorService scheduler(String purpose) {
        return Executors.newSingleThreadScheduledExecutor(named(purpose));
    }
}
