package io.shoebox.engine.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.log.Logger;

class PluginManagerTest {

    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    /** The framework's bundles and bundle listeners, as the fake context shows them. */
    private final List<Bundle> bundles = new CopyOnWriteArrayList<>();
    private final List<BundleListener> listeners = new CopyOnWriteArrayList<>();
    /** What the framework does when a listener is added; nothing unless a test says. */
    private volatile java.util.function.Consumer<BundleListener> onListen = listener -> { };
    private final PluginManager plugins;

    PluginManagerTest() throws Exception {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getBundles" -> bundles.toArray(Bundle[]::new);
                    case "addBundleListener" -> {
                        listeners.add((BundleListener) arguments[0]);
                        onListen.accept((BundleListener) arguments[0]);
                        yield null;
                    }
                    case "removeBundleListener" -> {
                        listeners.remove(arguments[0]);
                        yield null;
                    }
                    default -> null;
                });
        plugins = new PluginManager(context, SILENT);
    }

    @Test
    void a_wait_for_a_bundle_ends_at_the_bundle_event_that_makes_it_so() throws Exception {
        FakeBundle plugin = new FakeBundle(7, Bundle.RESOLVED);
        bundles.add(plugin.proxy());
        CompletableFuture<Optional<Bundle>> waited = CompletableFuture.supplyAsync(() -> plugins.awaitBundle(
                bundle -> bundle.getBundleId() == 7 && bundle.getState() == Bundle.ACTIVE, 30_000));
        awaitListeners(1);

        plugin.state = Bundle.ACTIVE;
        long started = System.nanoTime();
        listeners.forEach(listener -> listener.bundleChanged(new BundleEvent(BundleEvent.STARTED, plugin.proxy())));

        assertThat(waited.get(5, TimeUnit.SECONDS)).containsSame(plugin.proxy());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(listeners).isEmpty();
    }

    @Test
    void a_bundle_that_is_there_already_ends_the_wait_at_once() {
        FakeBundle plugin = new FakeBundle(7, Bundle.ACTIVE);
        bundles.add(plugin.proxy());

        assertThat(plugins.awaitBundle(bundle -> bundle.getBundleId() == 7 && bundle.getState() == Bundle.ACTIVE, 30_000))
                .containsSame(plugin.proxy());
        assertThat(listeners).isEmpty();
    }

    @Test
    void events_of_other_bundles_do_not_end_the_wait_which_ends_empty_after_the_timeout() {
        FakeBundle other = new FakeBundle(8, Bundle.ACTIVE);
        onListen = listener -> listener.bundleChanged(new BundleEvent(BundleEvent.STARTED, other.proxy()));

        long start = System.nanoTime();
        Optional<Bundle> waited = plugins.awaitBundle(bundle -> bundle.getBundleId() == 7, 300);

        assertThat(waited).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(listeners).isEmpty();
    }

    /** Until the wait has its listener in place: it runs on another thread. */
    private void awaitListeners(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (listeners.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(listeners).hasSize(count);
    }

    /** A bundle with an id and a state the test sets. */
    private static final class FakeBundle {
        final long id;
        volatile int state;
        private final Bundle proxy;

        FakeBundle(long id, int state) {
            this.id = id;
            this.state = state;
            this.proxy = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                    (self, method, arguments) -> switch (method.getName()) {
                        case "getBundleId" -> this.id;
                        case "getState" -> this.state;
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == arguments[0];
                        default -> null;
                    });
        }

        Bundle proxy() {
            return proxy;
        }
    }
}
