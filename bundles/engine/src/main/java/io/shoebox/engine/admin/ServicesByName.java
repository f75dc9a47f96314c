package io.shoebox.engine.admin;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.log.Logger;

/** The services of configured instances present now, by instance name, as DS binds and unbinds them. */
final class ServicesByName<S> {

    private static final long RESTART_TIMEOUT_MILLIS = 3000;

    private final Map<String, S> services = new ConcurrentHashMap<>();
    private final String kind;
    private final Logger log;

    ServicesByName(String kind, Logger log) {
        this.kind = kind;
        this.log = log;
    }

    void add(String name, S service) {
        if (name != null) {
            services.put(name, service);
            log.info("{} {} is available", kind, name);
        }
    }

    void remove(String name, S service) {
        if (name != null && services.remove(name, service)) {
            log.info("{} {} is no longer available", kind, name);
        }
    }

    Optional<S> get(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /**
     * Gives a provider a moment to (re)start an instance after its configuration changed, so an
     * answer usually shows the instance as it will be, not as it was.
     *
     * @param before the service registered before the change, or {@code null}
     * @return the new service, if it came in time
     */
    Optional<S> awaitReplaced(String name, S before) {
        long deadline = System.currentTimeMillis() + RESTART_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            S now = services.get(name);
            if (now != null && now != before) {
                return Optional.of(now);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }
}
