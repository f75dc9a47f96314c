package io.shoebox.storage.webdav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/**
 * A response body read as a stream that gives up when the server sends nothing for the read
 * timeout. The JDK's own {@code ofInputStream()} would wait forever on a server that stalls in the
 * middle of a body. Buffers are requested one batch at a time, so memory stays bounded.
 */
final class TimedBodyStream extends InputStream implements BodySubscriber<InputStream> {

    /** Marks the end of the body in the queue. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final Duration readTimeout;
    private final String what;
    private final Runnable onClose;

    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> batch;
    private ByteBuffer current;
    private boolean finished;
    private boolean closed;

    /**
     * @param readTimeout longest wait for the next bytes
     * @param what what is being read, for messages
     * @param onClose run once when the stream is closed
     */
    TimedBodyStream(Duration readTimeout, String what, Runnable onClose) {
        this.readTimeout = readTimeout;
        this.what = what;
        this.onClose = onClose;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        this.subscription = newSubscription;
        newSubscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrivals.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("stream of " + what + " is closed");
        }
        if (length == 0) {
            return 0;
        }
        ByteBuffer next = nextBuffer();
        if (next == null) {
            return -1;
        }
        int n = Math.min(length, next.remaining());
        next.get(buffer, offset, n);
        return n;
    }

    @Override
    public synchronized long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            ByteBuffer next = nextBuffer();
            if (next == null) {
                break;
            }
            int step = (int) Math.min(n - skipped, next.remaining());
            next.position(next.position() + step);
            skipped += step;
        }
        return skipped;
    }

    @Override
    public synchronized int available() {
        return current == null ? 0 : current.remaining();
    }

    /** The buffer to read from next, waiting for the server when needed; {@code null} at the end. */
    private ByteBuffer nextBuffer() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (finished) {
                return null;
            }
            if (batch != null && batch.hasNext()) {
                current = batch.next();
                continue;
            }
            if (batch != null) {
                batch = null;
                subscription.request(1);
            }
            Object arrival;
            try {
                arrival = arrivals.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + what);
            }
            if (arrival == null) {
                cancel();
                throw new StorageException(Kind.TRANSIENT, what + ": the server sent nothing for "
                        + readTimeout.toSeconds() + " s", new HttpTimeoutException("read timeout"));
            }
            if (arrival instanceof Throwable failure) {
                finished = true;
                throw new StorageException(Kind.TRANSIENT, what + ": the connection broke while reading: "
                        + failure.getMessage(), failure);
            }
            if (arrival == END) {
                finished = true;
                return null;
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) arrival;
            batch = buffers.iterator();
        }
        return current;
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (!finished) {
            // Abandons the rest of the body; the client then drops the connection instead of reusing it.
            cancel();
        }
        onClose.run();
    }
}
