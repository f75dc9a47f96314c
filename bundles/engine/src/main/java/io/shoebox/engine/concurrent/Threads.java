package io.shoebox.engine.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place the engine makes threads. Every thread is a daemon (a stuck job never keeps the JVM
 * alive after the framework stopped) and is named {@code shoebox-<purpose>-<n>}, so a thread dump says
 * what each one does.
 */
public final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code shoebox-<purpose>-1}, {@code -2}, ... */
    public static ThreadFactory named(String purpose) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "shoebox-" + purpose + "-" + number.incrementAndGet());
            thread.setDaemon(true);
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
