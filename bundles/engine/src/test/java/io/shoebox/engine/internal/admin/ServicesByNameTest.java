package io.shoebox.engine.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

class ServicesByNameTest {

    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    private final ServicesByName<Object> services = new ServicesByName<>("Target", SILENT);

    @Test
    void a_wait_ends_as_soon_as_the_service_is_bound() throws Exception {
        Object storage = new Object();
        CompletableFuture<Optional<Object>> waited = CompletableFuture.supplyAsync(() -> services.await("nas", null, 30_000));
        awaitWaiters(1);

        long bound = System.nanoTime();
        services.add("nas", storage);

        assertThat(waited.get(5, TimeUnit.SECONDS)).containsSame(storage);
        assertThat(Duration.ofNanos(System.nanoTime() - bound)).isLessThan(Duration.ofSeconds(1));
        assertThat(services.waiting()).isZero();
    }

    @Test
    void a_service_already_present_ends_the_wait_at_once() {
        Object storage = new Object();
        services.add("nas", storage);

        assertThat(services.await("nas", null, 30_000)).containsSame(storage);
    }

    @Test
    void a_wait_for_a_replacement_looks_past_the_service_it_replaces() throws Exception {
        Object before = new Object();
        Object after = new Object();
        services.add("nas", before);
        CompletableFuture<Optional<Object>> waited = CompletableFuture.supplyAsync(() -> services.await("nas", before, 30_000));
        awaitWaiters(1);

        services.remove("nas", before);
        services.add("nas", before); // the same service bound again is no replacement
        assertThat(services.waiting()).as("still waiting").isEqualTo(1);
        services.add("nas", after);

        assertThat(waited.get(5, TimeUnit.SECONDS)).containsSame(after);
    }

    @Test
    void a_wait_for_a_service_that_never_comes_ends_empty_after_the_timeout_and_leaves_nothing_behind() {
        services.add("other", new Object());

        long start = System.nanoTime();
        Optional<Object> waited = services.await("nas", null, 200);

        assertThat(waited).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(services.waiting()).isZero();
    }

    @Test
    void a_service_of_another_name_does_not_end_the_wait() {
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> services.add("usb", new Object()));

        Optional<Object> waited = services.await("nas", null, 1000);

        assertThat(waited).isEmpty();
        assertThat(services.get("usb")).as("the other service came during the wait").isPresent();
    }

    /** Until the waits have begun: the test cannot know when another thread reaches its wait. */
    private void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (services.waiting() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(services.waiting()).isEqualTo(count);
    }
}
