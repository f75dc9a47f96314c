package io.shoebox.engine.internal.concurrent;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.util.promise.Promise;

/** Waiting on a promise for a bounded time, on the waiting thread itself: no timer thread. */
public final class Waits {

    private Waits() {
    }

    /**
     * The promise's value once it resolves, or empty if it failed, did not resolve within
     * {@code timeoutMillis}, or the wait was interrupted (the interrupt is kept).
     */
    public static <T> Optional<T> await(Promise<T> promise, long timeoutMillis) {
        try {
            return Optional.ofNullable(promise.toCompletionStage().toCompletableFuture()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
