package io.shoebox.notifications.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.log.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoebox.api.concurrent.Threads;

/**
 * Delivers one webhook's notices, one at a time, on its own thread. Event Admin only ever waits for
 * a notice to be queued: the queue is bounded, and when it is full (a receiver that has been down
 * for long) further notices are dropped with a warning rather than piling up in memory. Each notice
 * is tried again after a failure that may pass (no answer, HTTP 408, 429 or 5xx), with a backoff
 * that doubles; a refusal (any other 4xx) will not pass by itself and is not retried.
 */
final class WebhookSender implements AutoCloseable {

    static final int QUEUE_CAPACITY = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSettings settings;
    private final HttpClient client;
    private final ThreadPoolExecutor thread;
    private final Logger log;

    WebhookSender(WebhookSettings settings, Logger log) {
        this.settings = settings;
        this.log = log;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                Threads.named("webhook-" + settings.name()));
    }

    /** Queues a notice for delivery and returns at once. */
    void send(Notice notice) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(notice.json());
        } catch (JsonProcessingException e) {
            log.error("webhook '{}': cannot write {} as JSON: {}", settings.name(),
                    notice.event().wireName(), e.getMessage());
            return;
        }
        try {
            thread.execute(() -> deliver(notice, body));
        } catch (RejectedExecutionException e) {
            log.warn("webhook '{}' to {}: dropped {} ({}): {} notices are waiting already",
                    settings.name(), settings.destination(), notice.event().wireName(), subject(notice), QUEUE_CAPACITY);
        }
    }

    private void deliver(Notice notice, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Shoebox")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.secretHeader() != null) {
            request.header(settings.secretHeader(), settings.secretValue());
        }
        int attempts = settings.retries() + 1;
        Duration backoff = settings.firstBackoff();
        String problem = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                problem = "HTTP " + status;
                if (!mayPass(status)) {
                    log.warn("webhook '{}' to {} refused {} ({}): {}; not retried",
                            settings.name(), settings.destination(), notice.event().wireName(), subject(notice), problem);
                    return;
                }
            } catch (IOException e) {
                problem = describe(e);
            } catch (InterruptedException e) {
                // Deactivated: notices still queued are lost, as the component goes away.
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        log.warn("webhook '{}' to {}: gave up on {} ({}) after {} attempts: {}",
                settings.name(), settings.destination(), notice.event().wireName(), subject(notice), attempts, problem);
    }

    private static boolean mayPass(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The exception's message, or its kind when it has none (a connection refused often has none). */
    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    private static String subject(Notice notice) {
        return notice.jobId() != null ? "job " + notice.jobId() : "policy " + notice.policy();
    }

    /** Stops the delivery thread; notices not yet delivered are dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
