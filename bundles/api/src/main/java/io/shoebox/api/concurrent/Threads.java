package io.shoebox.api.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for Shoebox's bundles. Every thread is a daemon (a stuck job or upload never keeps the JVM
 * alive after the framework stopped) and is named {@code shoebox-<purpose>-<n>}, numbered per factory,
 * so a thread dump says what each one does.
 */
public final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code shoebox-<purpose>-1}, {@code -2}, ... */
    public static ThreadFactory named(String purpose) {
        return named(purpose, Thread.NORM_PRIORITY);
    }

    /**
     * Like {@link #named(String)}, at a priority of their own: below normal for background work that
     * must not slow down what a user waits for.
     */
    public static ThreadFactory named(String purpose, int priority) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "shoebox-" + purpose + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(priority);
            return thread;
        };
    }

    /** A pool of {@code size} threads for one purpose. */
    public static ExecutorService pool(String purpose, int size) {
        return Executors.newFixedThreadPool(size, named(purpose));
    }

    /** A pool that grows with the work and lets idle threads go, for one purpose. */
    public static ExecutorService elastic(String purpose) {
        return Executors.newCachedThreadPool(named(purpose));
    }

    /** A scheduler with {@code size} threads for one purpose. */
    public static ScheduledExecutorService scheduler(String purpose, int size) {
        return Executors.newScheduledThreadPool(size, named(purpose));
    }

    /** Starts one daemon thread for one purpose. */
    public static Thread start(String purpose, Runnable work) {
        Thread thread = named(purpose).newThread(work);
        thread.start();
        return thread;
    }
}
