package io.shoebox.console.internal.services;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.snapshot.SnapshotEvents;

/**
 * What changed on the server, for the views that show it live: jobs (Event Admin's {@code shoebox/job/*}),
 * the snapshots of targets ({@code shoebox/snapshot/CHANGED}, counted, and shown to the views of jobs)
 * and plugins (bundles, and the storage and source services they register). Listeners are told that
 * something changed, not what: they read the services again. A burst of events (a bundle refresh, a
 * job's progress) reaches each listener once, a moment later, so the browser is not flooded. Both threads
 * of this class stop when the console does.
 */
public final class ServerEvents implements EventHandler, BundleListener, ServiceListener {

    /** What a listener follows. */
    public enum Topic { JOBS, PLUGINS }

    private static final long SETTLE_MILLIS = 250;

    private final ExecutorService background = Threads.pool("console-background", 2);
    private final AtomicLong snapshotChanges = new AtomicLong();
    private final Map<Topic, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Threads.scheduler("console-events", 1);

    /**
     * Runs slow reads (a repository on a remote target) off the UI thread, so a page never waits on a
     * target that answers slowly. Stopped with the console.
     */
    public void background(Runnable work) {
        try {
            background.execute(work);
        } catch (RejectedExecutionException e) {
            // the console is stopping
        }
    }

    /** Calls {@code listener} after changes on {@code topic} until the returned handle is closed. */
    public AutoCloseable subscribe(Topic topic, Runnable listener) {
        Subscription subscription = new Subscription(listener);
        subscriptions.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(subscription);
        return () -> subscriptions.getOrDefault(topic, Set.of()).remove(subscription);
    }

    /** How many times a job changed some target's snapshots since the console started. */
    public long snapshotChanges() {
        return snapshotChanges.get();
    }

    @Override
    public void handleEvent(Event event) {
        if (SnapshotEvents.TOPIC_CHANGED.equals(event.getTopic())) {
            snapshotChanges.incrementAndGet();
        }
        fire(Topic.JOBS);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        fire(Topic.PLUGINS);
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        fire(Topic.PLUGINS);
    }

    private void fire(Topic topic) {
        if (scheduler.isShutdown()) {
            return;
        }
        for (Subscription subscription : subscriptions.getOrDefault(topic, Set.of())) {
            if (subscription.pending.compareAndSet(false, true)) {
                try {
                    scheduler.schedule(subscription::run, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    return; // closing
                }
            }
        }
    }

    /** Stops the notifying thread; called when the console goes away. */
    public void close() {
        subscriptions.clear();
        scheduler.shutdownNow();
        background.shutdownNow();
    }

    private static final class Subscription {
        final Runnable listener;
        final AtomicBoolean pending = new AtomicBoolean();

        Subscription(Runnable listener) {
            this.listener = listener;
        }

        void run() {
            pending.set(false);
            try {
                listener.run();
            } catch (RuntimeException e) {
                // A view that went away meanwhile; the others still get their updates.
            }
        }
    }
}
