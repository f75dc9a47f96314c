package io.shoebox.storage.s3.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Everything needed to reach one bucket (or one folder of it). Built from the target's configuration by
 * the server, or directly by tests and the benchmark.
 *
 * @param endpoint URL of the S3 API, or {@code null} for Amazon S3
 * @param region signing region
 * @param bucket an existing bucket
 * @param prefix folder inside the bucket without leading or trailing slash, or empty for the whole bucket
 * @param accessKey access key id, empty for anonymous access
 * @param secretKey secret key; never shown by {@link #toString()}
 * @param pathStyle whether the bucket is addressed as {@code endpoint/bucket}
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout time a connection may stay silent
 * @param maxConnections connections kept to the endpoint at most
 * @param partSize objects larger than this are uploaded in parts of this size
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, String accessKey, String secretKey,
        boolean pathStyle, Duration connectTimeout, Duration readTimeout, int maxConnections, long partSize) {

    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    static final int DEFAULT_READ_TIMEOUT_SECONDS = 60;
    static final int DEFAULT_MAX_CONNECTIONS = 16;
    /** Large enough that pack files mostly go in one request, small enough to hold a part's retry cheap. */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
    /** S3 refuses parts smaller than this, except the last. */
    static final long MINIMUM_PART_SIZE = 5L * 1024 * 1024;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be empty");
        }
        bucket = bucket.strip();
        region = region == null || region.isBlank() ? "us-east-1" : region.strip();
        prefix = normalizePrefix(prefix);
        accessKey = accessKey == null ? "" : accessKey.strip();
        secretKey = secretKey == null ? "" : secretKey;
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (partSize < MINIMUM_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be at least " + MINIMUM_PART_SIZE + " bytes");
        }
    }

    /** Settings with the default timeouts, connection limit and part size. */
    public static S3Settings of(URI endpoint, String region, String bucket, String prefix, String accessKey,
            String secretKey, boolean pathStyle) {
        return new S3Settings(endpoint, region, bucket, prefix, accessKey, secretKey, pathStyle,
                Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS), Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS),
                DEFAULT_MAX_CONNECTIONS, DEFAULT_PART_SIZE);
    }

    static S3Settings of(S3StorageConfig config) {
        return new S3Settings(parseEndpoint(config.endpoint()), config.region(), config.bucket(), config.prefix(),
                config.accessKey(), config.secretKey(), config.pathStyle(),
                Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.readTimeoutSeconds())), Math.max(1, config.maxConnections()),
                DEFAULT_PART_SIZE);
    }

    S3Settings withPartSize(long size) {
        return new S3Settings(endpoint, region, bucket, prefix, accessKey, secretKey, pathStyle, connectTimeout,
                readTimeout, maxConnections, size);
    }

    static URI parseEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        String value = endpoint.strip();
        if (!value.contains("://")) {
            value = "https://" + value;
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' is not an http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a valid URL: " + e.getReason(), e);
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String value = prefix.strip();
        while (value.startsWith("/")) {
            value = value.substring(1);
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /** Where the bucket is, in words for messages: the endpoint URL, or Amazon S3 and its region. */
    String location() {
        return endpoint != null ? endpoint.toString() : "Amazon S3 (" + region + ")";
    }

    /** The bucket and folder, in words for messages. */
    String bucketDescription() {
        return "bucket '" + bucket + "'" + (prefix.isEmpty() ? "" : " (folder '" + prefix + "')");
    }

    /** Whether requests go over TLS: always to AWS itself, and to any endpoint given as https. */
    boolean endpointIsHttps() {
        return endpoint == null || "https".equalsIgnoreCase(endpoint.getScheme());
    }

    @Override
    public String toString() {
        // The secret key stays out of logs and messages.
        return "S3Settings[endpoint=" + location() + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
                + ", accessKey=" + accessKey + ", pathStyle=" + pathStyle + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxConnections=" + maxConnections + ", partSize=" + partSize + "]";
    }
}
