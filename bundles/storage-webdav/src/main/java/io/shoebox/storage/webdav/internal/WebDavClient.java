package io.shoebox.storage.webdav.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/**
 * HTTP for one WebDAV target: the JDK client on HTTP/1.1, preemptive Basic authentication, a
 * bounded number of requests in flight, timeouts on every exchange, and the translation of HTTP
 * statuses and network failures into {@link StorageException}s an operator can act on.
 */
final class WebDavClient implements AutoCloseable {


    private final WebDavSettings settings;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Semaphore permits;
    private final String authorization;

    WebDavClient(WebDavSettings settings) {
        this.settings = settings;
        this.executor = Threads.elastic("webdav");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.permits = new Semaphore(settings.maxConcurrentRequests(), true);
        this.authorization = settings.user().isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** A response whose body was read whole. */
    record Response(int status, HttpResponse<byte[]> raw) {
        byte[] body() {
            return raw.body();
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** A response whose body is still to be read; closing the body ends the request. */
    record Download(int status, HttpResponse<InputStream> raw) {
        InputStream body() {
            return raw.body();
        }
    }

    URI base() {
        return settings.url();
    }

    /** The URL of a relative path (a key, or a collection ending in {@code /}). */
    URI uriOf(String relativePath) {
        return URI.create(settings.url().toString() + DavPaths.encodePath(relativePath));
    }

    /**
     * Sends a request and reads the whole answer, giving up after the read timeout.
     *
     * @param what what is being done, for messages ("cannot list data/")
     */
    Response exchange(String method, URI uri, Map<String, String> headers, String xmlBody, String what)
            throws StorageException {
        BodyPublisher body = xmlBody == null ? BodyPublishers.noBody()
                : BodyPublishers.ofString(xmlBody, StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(uri, headers).method(method, body);
        if (xmlBody != null) {
            request.header("Content-Type", "application/xml; charset=utf-8");
        }
        acquire(what);
        CompletableFuture<HttpResponse<byte[]>> pending = null;
        try {
            pending = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Duration limit = settings.readTimeout().plus(settings.connectTimeout());
            HttpResponse<byte[]> response = pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw networkFailure(what, new HttpTimeoutException("no complete answer within "
                    + settings.readTimeout().plus(settings.connectTimeout()).toSeconds() + " s"));
        } catch (ExecutionException e) {
            throw networkFailure(what, e.getCause());
        } catch (InterruptedException e) {
            if (pending != null) {
                pending.cancel(true);
            }
            Thread.currentThread().interrupt();
            throw new StorageException(Kind.TRANSIENT, what + ": interrupted", e);
        } finally {
            permits.release();
        }
    }

    /**
     * Uploads content with a known length. There is no limit on the whole upload, which may take
     * long on a slow line, only on the time without progress.
     */
    Response upload(URI uri, ByteSource content, String key, String what) throws StorageException {
        UploadStream stream;
        try {
            stream = new UploadStream(content.open(), content.size(), key);
        } catch (IOException e) {
            throw new StorageException(Kind.TRANSIENT, what + ": cannot read the content to upload: " + e.getMessage(), e);
        }
        acquire(what);
        CompletableFuture<HttpResponse<byte[]>> pending = null;
        try (stream) {
            BodyPublisher body;
            if (content.size() == 0) {
                if (stream.read() >= 0) {
                    throw new StorageException(Kind.PERMANENT, what + ": the content is longer than the 0 bytes announced");
                }
                body = BodyPublishers.noBody();
            } else {
                body = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> stream), content.size());
            }
            HttpRequest request = request(uri, Map.of("Content-Type", "application/octet-stream"))
                    .PUT(body).build();
            pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            long idleLimit = settings.readTimeout().toNanos();
            while (true) {
                try {
                    HttpResponse<byte[]> response = pending.get(250, TimeUnit.MILLISECONDS);
                    return new Response(response.statusCode(), response);
                } catch (TimeoutException e) {
                    if (System.nanoTime() - stream.lastProgressNanos() > idleLimit) {
                        pending.cancel(true);
                        throw networkFailure(what, new HttpTimeoutException("no progress for "
                                + settings.readTimeout().toSeconds() + " s"));
                    }
                }
            }
        } catch (ExecutionException e) {
            if (stream.lengthMismatch()) {
                throw new StorageException(Kind.PERMANENT, what + ": " + stream.contentFailure().getMessage(),
                        stream.contentFailure());
            }
            if (stream.contentFailure() != null) {
                throw new StorageException(Kind.TRANSIENT, what + ": cannot read the content to upload: "
                        + stream.contentFailure().getMessage(), stream.contentFailure());
            }
            throw networkFailure(what, e.getCause());
        } catch (InterruptedException e) {
            if (pending != null) {
                pending.cancel(true);
            }
            Thread.currentThread().interrupt();
            throw new StorageException(Kind.TRANSIENT, what + ": interrupted", e);
        } catch (IOException e) {
            throw e instanceof StorageException storage ? storage : networkFailure(what, e);
        } finally {
            permits.release();
        }
    }

    /**
     * Sends a GET whose body is read as a stream, with the read timeout between chunks. The
     * request holds one of the concurrent request slots until the stream is closed.
     */
    Download get(URI uri, Map<String, String> headers, String what) throws StorageException {
        HttpRequest request = request(uri, headers).timeout(settings.readTimeout()).GET().build();
        acquire(what);
        boolean handedOver = false;
        try {
            HttpResponse<InputStream> response = http.send(request, info -> {
                if (info.statusCode() >= 200 && info.statusCode() < 300) {
                    return new TimedBodyStream(settings.readTimeout(), what, permits::release);
                }
                return BodySubscribers.mapping(BodySubscribers.ofByteArray(), ByteArrayInputStream::new);
            });
            handedOver = response.body() instanceof TimedBodyStream;
            return new Download(response.statusCode(), response);
        } catch (IOException e) {
            throw networkFailure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Kind.TRANSIENT, what + ": interrupted", e);
        } finally {
            if (!handedOver) {
                permits.release();
            }
        }
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private void acquire(String what) throws StorageException {
        try {
            if (!permits.tryAcquire(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageException(Kind.TRANSIENT, what + ": all " + settings.maxConcurrentRequests()
                        + " connections to " + settings.displayUrl() + " stayed busy for "
                        + settings.readTimeout().toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Kind.TRANSIENT, what + ": interrupted", e);
        }
    }

    /** Classifies an HTTP status that the caller did not expect. */
    StorageException statusFailure(String what, Response response) {
        return statusFailure(what, response.status(), response.raw().headers().firstValue("Location").orElse(null));
    }

    StorageException statusFailure(String what, int status, String location) {
        String server = "the WebDAV server at " + settings.displayUrl();
        return switch (status) {
            case 401 -> authenticationFailure();
            case 403 -> new StorageException(Kind.PERMANENT, what + ": " + server + " refused it (403 Forbidden):"
                    + " check that " + userPhrase() + " may read and write this folder");
            case 404, 410 -> new StorageException(Kind.NOT_FOUND, what + ": not found on " + server);
            case 405, 501 -> new StorageException(Kind.PERMANENT, what + ": " + server + " does not allow it (HTTP "
                    + status + "): is this the address of a WebDAV folder?");
            case 408, 423, 425, 429 -> new StorageException(Kind.TRANSIENT, what + ": " + server
                    + " is busy or throttling (HTTP " + status + ")");
            case 413 -> new StorageException(Kind.PERMANENT, what + ": " + server + " refuses uploads this large"
                    + " (413 Payload Too Large): raise the server's upload size limit");
            case 507 -> new StorageException(Kind.NO_SPACE, what + ": " + server + " is out of space or the account"
                    + " is over its quota (507 Insufficient Storage)");
            default -> {
                if (status >= 300 && status < 400) {
                    yield new StorageException(Kind.PERMANENT, what + ": " + server + " redirects (HTTP " + status
                            + ")" + (location == null ? "" : " to " + location)
                            + ": enter the address it redirects to as the folder URL");
                }
                if (status >= 500) {
                    yield new StorageException(Kind.TRANSIENT, what + ": " + server + " failed (HTTP " + status + ")");
                }
                yield new StorageException(Kind.PERMANENT, what + ": " + server + " answered HTTP " + status);
            }
        };
    }

    StorageException authenticationFailure() {
        if (settings.user().isEmpty()) {
            return new StorageException(Kind.AUTHENTICATION, "the WebDAV server at " + settings.displayUrl()
                    + " asks for a login: enter a user name and password");
        }
        return new StorageException(Kind.AUTHENTICATION, "user '" + settings.user() + "' was rejected by the WebDAV"
                + " server at " + settings.displayUrl() + ": check the user name and password (with two-factor"
                + " login, use an app password)");
    }

    private String userPhrase() {
        return settings.user().isEmpty() ? "anonymous users" : "user '" + settings.user() + "'";
    }

    /** Classifies a failure to talk to the server at all. */
    StorageException networkFailure(String what, Throwable failure) {
        if (failure instanceof StorageException storage) {
            return storage;
        }
        String server = settings.displayUrl();
        if (isCertificateProblem(failure)) {
            return new StorageException(Kind.PERMANENT, what + ": the TLS certificate of " + server
                    + " is not trusted: " + failure.getMessage() + ". Use a certificate from a public authority"
                    + " or add it to the Java trust store", failure);
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return new StorageException(Kind.TRANSIENT, what + ": no connection to " + server + " within "
                    + settings.connectTimeout().toSeconds() + " s: is the server up and reachable?", failure);
        }
        if (failure instanceof HttpTimeoutException) {
            return new StorageException(Kind.TRANSIENT, what + ": " + server + " did not answer in time ("
                    + failure.getMessage() + ")", failure);
        }
        if (failure instanceof ConnectException) {
            return new StorageException(Kind.TRANSIENT, what + ": cannot connect to " + server
                    + ": is the server up and reachable?", failure);
        }
        String message = failure == null ? "unknown failure" : failure.getMessage() == null
                ? failure.getClass().getSimpleName() : failure.getMessage();
        return new StorageException(Kind.TRANSIENT, what + ": the connection to " + server + " failed: " + message,
                failure);
    }

    private static boolean isCertificateProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLPeerUnverifiedException || t instanceof GeneralSecurityException) {
                return true;
            }
            if (t instanceof SSLHandshakeException && t.getMessage() != null
                    && (t.getMessage().contains("PKIX") || t.getMessage().contains("certificate"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
