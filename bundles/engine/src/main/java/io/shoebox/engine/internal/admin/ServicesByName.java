package io.shoebox.engine.internal.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.log.Logger;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.PromiseFactory;

import io.shoebox.engine.internal.concurrent.Waits;

/**
 * The services of configured instances present now, by instance name, as DS binds and unbinds them.
 * Someone waiting for an instance's service waits on a promise that {@link #add} resolves, so the
 * wait ends the moment the service is bound.
 */
final class ServicesByName<S> {

    private static final long RESTART_TIMEOUT_MILLIS = 3000;

    /** Callbacks run on the thread that resolves, the one binding the service: no thread of its own. */
    private final PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());
    private final Map<String, S> services = new HashMap<>();
    /** Who waits for a service of each name; a waiter leaves when resolved or when it gives up. */
    private final Map<String, List<Waiter<S>>> waiters = new HashMap<>();
    private final String kind;
    private final Logger log;

    /** One wait for a service of a name other than {@code before}. */
    private record Waiter<S>(S before, Deferred<S> arrival) {
    }

    ServicesByName(String kind, Logger log) {
        this.kind = kind;
        this.log = log;
    }

    void add(String name, S service) {
        if (name == null) {
            return;
        }
        List<Waiter<S>> arrived = new ArrayList<>();
        synchronized (this) {
            services.put(name, service);
            List<Waiter<S>> waiting = waiters.get(name);
            if (waiting != null) {
                // The same service bound again (unbound and rebound) is no replacement for its waiters.
                waiting.removeIf(waiter -> waiter.before() != service && arrived.add(waiter));
                if (waiting.isEmpty()) {
                    waiters.remove(name);
                }
            }
        }
        log.info("{} {} is available", kind, name);
        arrived.forEach(waiter -> waiter.arrival().resolve(service));
    }

    void remove(String name, S service) {
        boolean removed;
        synchronized (this) {
            removed = name != null && services.remove(name, service);
        }
        if (removed) {
            log.info("{} {} is no longer available", kind, name);
        }
    }

    synchronized Optional<S> get(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /**
     * Waits until a service of that name other than {@code before} is present: returns at once if
     * it is there already, else as soon as DS binds it, or empty after {@code timeoutMillis}.
     *
     * @param before the service to look past (the one registered before a change), or {@code null}
     */
    Optional<S> await(String name, S before, long timeoutMillis) {
        Waiter<S> waiter;
        synchronized (this) {
            S now = services.get(name);
            if (now != null && now != before) {
                return Optional.of(now);
            }
            waiter = new Waiter<>(before, promises.deferred());
            waiters.computeIfAbsent(name, n -> new ArrayList<>()).add(waiter);
        }
        try {
            return Waits.await(waiter.arrival().getPromise(), timeoutMillis);
        } finally {
            forget(name, waiter);
        }
    }

    private synchronized void forget(String name, Waiter<S> waiter) {
        List<Waiter<S>> waiting = waiters.get(name);
        if (waiting != null && waiting.remove(waiter) && waiting.isEmpty()) {
            waiters.remove(name);
        }
    }

    /** How many waits are under way, for tests: a wait that ended leaves nothing behind. */
    synchronized int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Gives a provider a moment to (re)start an instance after its configuration changed, so an
     * answer usually shows the instance as it will be, not as it was.
     *
     * @param before the service registered before the change, or {@code null}
     * @return the new service, if it came in time
     */
    Optional<S> awaitReplaced(String name, S before) {
        return await(name, before, RESTART_TIMEOUT_MILLIS);
    }
}
