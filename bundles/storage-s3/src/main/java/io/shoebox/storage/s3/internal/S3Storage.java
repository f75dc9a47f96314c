package io.shoebox.storage.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageType;
import io.shoebox.api.storage.StorageUsage;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A target in an S3-compatible bucket, optionally inside a folder (key prefix) of it.
 *
 * <p>Writes are create-only: a write is preceded by a HEAD, so an existing key is refused without
 * uploading anything, and the write itself carries {@code If-None-Match: *}, so that of two writers racing
 * for one key the server lets exactly one win (AWS S3, Cloudflare R2, MinIO and S3Proxy's filesystem store
 * honour it). A server that answers the condition with 501 Not Implemented is then written without it, and
 * only the HEAD guards against overwriting; see docs. Objects larger than the part size are uploaded in
 * parts and become visible only when the upload is completed; any failure aborts the upload.
 *
 * <p>One {@link S3Client} with a bounded connection pool serves all threads. The SDK's own retries are off:
 * the engine retries transient failures around every storage, once.
 */
@Component(
        configurationPid = S3Storage.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Storage.class)
@StorageType(S3Storage.TYPE)
@Designate(ocd = S3StorageConfig.class, factory = true)
public class S3Storage implements Storage, AutoCloseable {

    static final String TYPE = "s3";
    static final String FACTORY_PID = Storage.FACTORY_PID_PREFIX + TYPE;
    /** Name of the temporary object {@link #verifyAccess()} writes, under the target's folder. */
    static final String ACCESS_PROBE_PREFIX = ".shoebox-access-check-";

    private static final String IF_NONE_MATCH_ANY = "*";

    private final S3Settings settings;
    private final Logger log;
    private final S3Failures failures;
    private final SdkHttpClient http;
    private final S3Client client;
    private final String root;
    /** Cleared when the server turns out not to implement conditional writes. */
    private final AtomicBoolean conditionalWrites = new AtomicBoolean(true);

    @Activate
    public S3Storage(@Reference(service = LoggerFactory.class) Logger log, S3StorageConfig config) {
        this(S3Settings.of(config), log);
    }

    /** A target with these settings, for embedding, tests and the benchmark; the server creates targets from configuration. */
    public S3Storage(S3Settings settings, Logger log) {
        this.settings = settings;
        this.log = log;
        this.failures = new S3Failures(settings);
        this.root = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        // The SDK looks up classes and resources through the thread context class loader; under OSGi that is
        // not this bundle's loader, so every SDK call runs with it set (see withBundleClassLoader).
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(S3Storage.class.getClassLoader());
        try {
            this.http = Apache5HttpClient.builder()
                    .maxConnections(settings.maxConnections())
                    .connectionTimeout(settings.connectTimeout())
                    .socketTimeout(settings.readTimeout())
                    .build();
            this.client = buildClient(settings, http);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static S3Client buildClient(S3Settings settings, SdkHttpClient http) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // Checksums only where the API demands them: B2, R2, Wasabi and older MinIO releases reject
                // the CRC trailers the SDK sends by default. Payloads are still signed (SigV4) over http and
                // protected by TLS over https.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey().isEmpty() && settings.secretKey().isEmpty()) {
            return AnonymousCredentialsProvider.create();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }

    @Deactivate
    @Override
    public void close() {
        client.close();
        http.close();
    }

    S3Settings settings() {
        return settings;
    }

    @Override
    public void create(String key, ByteSource content) throws StorageException {
        String objectKey = objectKey(key);
        if (exists(objectKey, "cannot write " + key)) {
            throw alreadyExists(key);
        }
        upload("cannot write " + key, key, objectKey, content);
    }

    private StorageException alreadyExists(String key) {
        return new StorageException(Kind.ALREADY_EXISTS, "object " + key + " already exists in "
                + settings.bucketDescription() + " at " + settings.location());
    }

    private void upload(String what, String key, String objectKey, ByteSource content) throws StorageException {
        long size = content.size();
        if (size > settings.partSize()) {
            uploadInParts(what, key, objectKey, content, size);
        } else {
            uploadWhole(what, key, objectKey, content, size);
        }
    }

    private void uploadWhole(String what, String key, String objectKey, ByteSource content, long size)
            throws StorageException {
        boolean conditional = conditionalWrites.get();
        UploadBody body = new UploadBody(content, 0, size);
        String md5 = contentMd5(what, body);
        try {
            withBundleClassLoader(() -> client.putObject(request -> request
                    .bucket(settings.bucket())
                    .key(objectKey)
                    .contentLength(size)
                    .contentMD5(md5)
                    .ifNoneMatch(conditional ? IF_NONE_MATCH_ANY : null), body.requestBody()));
        } catch (UncheckedIOException e) {
            throw uploadFailure(what, key, body, SdkClientException.create(e.getMessage(), e));
        } catch (SdkException e) {
            if (conditional && isConditionNotImplemented(e)) {
                disableConditionalWrites();
                uploadWhole(what, key, objectKey, content, size);
                return;
            }
            throw uploadFailure(what, key, body, e);
        }
    }

    private void uploadInParts(String what, String key, String objectKey, ByteSource content, long size)
            throws StorageException {
        long partSize = partSizeFor(size);
        String uploadId = call(what, () -> client.createMultipartUpload(request -> request
                .bucket(settings.bucket())
                .key(objectKey))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (long offset = 0; offset < size; offset += partSize, partNumber++) {
                long length = Math.min(partSize, size - offset);
                UploadBody body = new UploadBody(content, offset, length);
                String md5 = contentMd5(what, body);
                int number = partNumber;
                try {
                    String eTag = withBundleClassLoader(() -> client.uploadPart(request -> request
                            .bucket(settings.bucket())
                            .key(objectKey)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength(length)
                            .contentMD5(md5), body.requestBody())).eTag();
                    parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                } catch (UncheckedIOException e) {
                    throw uploadFailure(what, key, body, SdkClientException.create(e.getMessage(), e));
                } catch (SdkException e) {
                    throw uploadFailure(what, key, body, e);
                }
            }
            complete(what, key, objectKey, uploadId, parts);
        } catch (StorageException | RuntimeException | Error e) {
            abort(key, objectKey, uploadId, e);
            throw e;
        }
    }

    private void complete(String what, String key, String objectKey, String uploadId, List<CompletedPart> parts)
            throws StorageException {
        boolean conditional = conditionalWrites.get();
        try {
            withBundleClassLoader(() -> client.completeMultipartUpload(request -> request
                    .bucket(settings.bucket())
                    .key(objectKey)
                    .uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts))
                    .ifNoneMatch(conditional ? IF_NONE_MATCH_ANY : null)));
        } catch (SdkException e) {
            if (conditional && isConditionNotImplemented(e)) {
                disableConditionalWrites();
                complete(what, key, objectKey, uploadId, parts);
                return;
            }
            if (isPreconditionFailed(e)) {
                throw alreadyExists(key);
            }
            throw failures.classify(what, e);
        }
    }

    /** Removes an unfinished upload, so that its parts neither linger nor cost storage. */
    private void abort(String key, String objectKey, String uploadId, Throwable failure) {
        try {
            withBundleClassLoader(() -> client.abortMultipartUpload(request -> request
                    .bucket(settings.bucket())
                    .key(objectKey)
                    .uploadId(uploadId)));
        } catch (SdkException e) {
            // The server is likely gone too. The upload stays invisible; a bucket lifecycle rule
            // (AbortIncompleteMultipartUpload) clears such leftovers. Nothing else can be done here.
            log.warn("Could not abort the unfinished upload of {} to {} at {}: {}", key, settings.bucketDescription(),
                    settings.location(), e.getMessage());
            failure.addSuppressed(e);
        }
    }

    /** Parts of at least the configured size, and few enough for S3's limit of 10,000 per upload. */
    long partSizeFor(long size) {
        long mib = 1024 * 1024;
        long needed = (size + 9_999) / 10_000;
        return Math.max(settings.partSize(), (needed + mib - 1) / mib * mib);
    }

    /** The MD5 of the body, or the source's failure to deliver it, before anything is sent. */
    /**
     * The Content-MD5 that lets the server refuse a body damaged on its way, over https; over plain http
     * the SDK signs the payload itself (SigV4), so the server already verifies every byte and a second
     * pass over the content would only cost time.
     */
    private String contentMd5(String what, UploadBody body) throws StorageException {
        if (!settings.endpointIsHttps()) {
            return null;
        }
        try {
            return body.contentMd5();
        } catch (UploadBody.ShortContentException e) {
            throw new StorageException(Kind.PERMANENT, what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException(Kind.TRANSIENT, what + ": cannot read the content to upload: " + e.getMessage(), e);
        }
    }

    private StorageException uploadFailure(String what, String key, UploadBody body, SdkException e) {
        IOException source = body.sourceFailure();
        if (source instanceof UploadBody.ShortContentException) {
            return new StorageException(Kind.PERMANENT, what + ": " + source.getMessage(), e);
        }
        if (source != null) {
            return new StorageException(Kind.TRANSIENT, what + ": cannot read the content to upload: "
                    + source.getMessage(), e);
        }
        if (isPreconditionFailed(e)) {
            return alreadyExists(key);
        }
        return failures.classify(what, e);
    }

    private static boolean isPreconditionFailed(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 412;
    }

    private static boolean isConditionNotImplemented(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 501;
    }

    private void disableConditionalWrites() {
        if (conditionalWrites.compareAndSet(true, false)) {
            log.warn("The server at {} does not implement conditional writes (If-None-Match); {} is written after an"
                    + " existence check only, which two writers racing for the same key can defeat",
                    settings.location(), settings.bucketDescription());
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws StorageException {
        String objectKey = objectKey(key);
        if (offset < 0 || length < -1) {
            throw new StorageException(Kind.PERMANENT, "invalid range " + offset + "+" + length + " of " + key);
        }
        String what = "cannot read " + key;
        if (length == 0) {
            return emptyRangeAt(key, offset, what);
        }
        String range = offset == 0 && length < 0 ? null
                : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            ResponseInputStream<GetObjectResponse> response = withBundleClassLoader(() -> client.getObject(request -> request
                    .bucket(settings.bucket())
                    .key(objectKey)
                    .range(range)));
            return new ObjectStream(response, key + " in " + settings.bucketDescription() + " at " + settings.location());
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && service.statusCode() == 416) {
                // S3 refuses a range that starts at the very end; an empty read there is what the API promises.
                return emptyRangeAt(key, offset, what);
            }
            throw failures.classify(what, e);
        }
    }

    private InputStream emptyRangeAt(String key, long offset, String what) throws StorageException {
        HeadObjectResponse head = head(objectKey(key), what)
                .orElseThrow(() -> new StorageException(Kind.NOT_FOUND, what + ": no such object in "
                        + settings.bucketDescription() + " at " + settings.location()));
        if (offset > head.contentLength()) {
            throw new StorageException(Kind.PERMANENT, "range starts at " + offset + " beyond the end of " + key
                    + " (" + head.contentLength() + " bytes)");
        }
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        String what = "cannot read " + key;
        Optional<HeadObjectResponse> head = head(objectKey(key), what);
        if (head.isEmpty()) {
            // HEAD answers a missing bucket with a bare 404 too; an absent bucket must not pass for an empty one.
            checkBucketExists(what);
        }
        return head.map(response -> new ObjectInfo(key, response.contentLength(), response.lastModified()));
    }

    private boolean exists(String objectKey, String what) throws StorageException {
        return head(objectKey, what).isPresent();
    }

    private Optional<HeadObjectResponse> head(String objectKey, String what) throws StorageException {
        try {
            return Optional.of(withBundleClassLoader(() -> client.headObject(request -> request
                    .bucket(settings.bucket())
                    .key(objectKey))));
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && service.statusCode() == 404) {
                return Optional.empty();
            }
            throw failures.classify(what, e);
        }
    }

    private void checkBucketExists(String what) throws StorageException {
        try {
            withBundleClassLoader(() -> client.headBucket(request -> request.bucket(settings.bucket())));
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && service.statusCode() == 404) {
                throw new StorageException(Kind.NOT_FOUND, what + ": bucket '" + settings.bucket()
                        + "' does not exist at " + settings.location() + "; check the bucket name, the region and"
                        + " the endpoint", e);
            }
            throw failures.classify(what, e);
        }
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException {
        String what = "cannot list " + (prefix.isEmpty() ? "the objects" : prefix);
        String listed = root + prefix;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call(what, () -> client.listObjectsV2(request -> request
                    .bucket(settings.bucket())
                    .prefix(listed.isEmpty() ? null : listed)
                    .continuationToken(continuation)));
            for (S3Object object : page.contents()) {
                String key = object.key().substring(root.length());
                // Folder markers ("photos/") that consoles create are not objects of the repository.
                if (!key.isEmpty() && !key.endsWith("/")) {
                    consumer.accept(new ObjectInfo(key, object.size(), object.lastModified()));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    @Override
    public void delete(String key) throws StorageException {
        String objectKey = objectKey(key);
        call("cannot delete " + key, () -> client.deleteObject(request -> request
                .bucket(settings.bucket())
                .key(objectKey)));
    }

    @Override
    public StorageUsage usage() throws StorageException {
        long[] used = {0};
        list("", info -> used[0] += info.size());
        // Object stores bill by use and report no free space.
        return new StorageUsage(used[0], StorageUsage.UNKNOWN);
    }

    @Override
    public void verifyAccess() throws StorageException {
        String probe = ACCESS_PROBE_PREFIX + UUID.randomUUID();
        byte[] content = ("Shoebox access check " + probe).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Written without the HEAD of create(): a PUT's error answer names what is wrong (missing bucket,
        // unknown key, bad signature), where a HEAD's bare status cannot.
        upload("cannot write a test object", probe, objectKey(probe), ByteSource.of(content));
        try {
            byte[] back;
            try (InputStream in = read(probe)) {
                back = in.readAllBytes();
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                throw new StorageException(Kind.TRANSIENT, "cannot read back the test object in "
                        + settings.bucketDescription() + " at " + settings.location() + ": " + e.getMessage(), e);
            }
            if (!Arrays.equals(back, content)) {
                throw new StorageException(Kind.PERMANENT, "the test object read back from "
                        + settings.bucketDescription() + " at " + settings.location() + " differs from what was"
                        + " written; is a proxy or a bucket policy altering objects?");
            }
        } finally {
            delete(probe);
        }
    }

    /** Maps a key to its object key inside the bucket, refusing any key the storage API does not allow. */
    String objectKey(String key) throws StorageException {
        Storage.checkKey(key);
        return root + key;
    }

    private <T> T call(String what, SdkCall<T> call) throws StorageException {
        try {
            return withBundleClassLoader(call);
        } catch (SdkException e) {
            throw failures.classify(what, e);
        } catch (UncheckedIOException e) {
            throw new StorageException(Kind.TRANSIENT, what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Runs an SDK call with this bundle's class loader as the thread context class loader: the SDK finds
     * its service files and optional classes through it, and under OSGi the caller's is a stranger's.
     */
    private static <T> T withBundleClassLoader(SdkCall<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(S3Storage.class.getClassLoader());
        try {
            return call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    URI endpoint() {
        return settings.endpoint();
    }

    @Override
    public String toString() {
        return "S3 target " + settings.bucketDescription() + " at " + settings.location();
    }
}
