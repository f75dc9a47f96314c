package io.shoebox.storage.s3.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws into a {@link StorageException} of the right kind, with a message that says
 * what failed and what to check. Messages name the bucket and the endpoint, never a secret.
 */
final class S3Failures {

    private final S3Settings settings;

    S3Failures(S3Settings settings) {
        this.settings = settings;
    }

    /**
     * @param what what was being done, for example "cannot write data/ab/x"
     */
    StorageException classify(String what, SdkException e) {
        if (e instanceof AwsServiceException service) {
            return fromService(what, service);
        }
        return fromClient(what, e);
    }

    private StorageException fromService(String what, AwsServiceException e) {
        int status = e.statusCode();
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        String serverMessage = details == null || details.errorMessage() == null ? "" : details.errorMessage();
        String where = " in " + settings.bucketDescription() + " at " + settings.location();
        String said = code.isEmpty() && serverMessage.isEmpty()
                ? " (HTTP " + status + ")"
                : " (HTTP " + status + (code.isEmpty() ? "" : " " + code) + (serverMessage.isEmpty() ? "" : ": " + serverMessage) + ")";
        String lower = (code + " " + serverMessage).toLowerCase(Locale.ROOT);

        // Out of space first: B2 answers a full account with 403 AccessDenied "storage cap exceeded".
        if (status == 507 || lower.contains("quota") || lower.contains("storagefull") || lower.contains("storage full")
                || lower.contains("cap exceeded") || lower.contains("insufficientstorage")) {
            return new StorageException(Kind.NO_SPACE, what + ": the account or bucket is out of space or over its"
                    + " quota" + where + said + "; free space or raise the quota", e);
        }
        switch (code) {
            case "NoSuchBucket":
                return new StorageException(Kind.NOT_FOUND, what + ": bucket '" + settings.bucket()
                        + "' does not exist at " + settings.location() + "; check the bucket name, the region and the"
                        + " endpoint", e);
            case "NoSuchKey":
                return new StorageException(Kind.NOT_FOUND, what + ": no such object" + where, e);
            case "InvalidAccessKeyId":
                return new StorageException(Kind.AUTHENTICATION, what + ": access key '" + settings.accessKey()
                        + "' is not known to the server at " + settings.location() + "; check the access key"
                        + " (and that the endpoint belongs to the provider that issued it)" + said, e);
            case "SignatureDoesNotMatch":
                return new StorageException(Kind.AUTHENTICATION, what + ": the server at " + settings.location()
                        + " rejected the request signature; check the secret key" + said, e);
            case "RequestTimeTooSkewed":
                return new StorageException(Kind.PERMANENT, what + ": this server's clock differs too much from the"
                        + " clock of " + settings.location() + "; set the system clock right (NTP)" + said, e);
            case "AuthorizationHeaderMalformed":
            case "PermanentRedirect":
            case "IllegalLocationConstraintException":
                return new StorageException(Kind.PERMANENT, what + ": " + settings.bucketDescription()
                        + " is not in region '" + settings.region() + "' at " + settings.location()
                        + "; check the region" + said, e);
            case "ExpiredToken":
            case "InvalidToken":
            case "AccessDenied":
            case "AllAccessDisabled":
                return accessDenied(what, said, e);
            case "ConditionalRequestConflict":
            case "OperationAborted":
            case "SlowDown":
            case "RequestTimeout":
            case "Throttling":
            case "ThrottlingException":
            case "TooManyRequests":
            case "RequestLimitExceeded":
            case "InternalError":
            case "ServiceUnavailable":
                return transientFailure(what, said, e);
            case "NotImplemented":
                return new StorageException(Kind.PERMANENT, what + ": the server at " + settings.location()
                        + " does not implement this request" + said, e);
            default:
                break;
        }
        if (status == 401 || status == 403) {
            return accessDenied(what, said, e);
        }
        if (status == 404) {
            return new StorageException(Kind.NOT_FOUND, what + ": not found" + where + said, e);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return transientFailure(what, said, e);
        }
        if (status == 301 || status == 307) {
            return new StorageException(Kind.PERMANENT, what + ": " + settings.bucketDescription()
                    + " is served from another region or endpoint than " + settings.location() + " ("
                    + settings.region() + "); check the region and the endpoint" + said, e);
        }
        return new StorageException(Kind.PERMANENT, what + ": the server at " + settings.location() + " refused"
                + " the request" + said, e);
    }

    private StorageException accessDenied(String what, String said, AwsServiceException e) {
        return new StorageException(Kind.AUTHENTICATION, what + ": access denied to " + settings.bucketDescription()
                + " at " + settings.location() + "; check the access key and secret key, and that the key may"
                + " read, write, list and delete objects in this bucket" + said, e);
    }

    private StorageException transientFailure(String what, String said, AwsServiceException e) {
        return new StorageException(Kind.TRANSIENT, what + ": the server at " + settings.location()
                + " is busy or failing, try again later" + said, e);
    }

    private StorageException fromClient(String what, SdkException e) {
        Throwable cause = rootIo(e);
        if (cause instanceof UnknownHostException) {
            return new StorageException(Kind.TRANSIENT, what + ": cannot resolve the host of " + settings.location()
                    + "; check the endpoint and the network (" + cause.getMessage() + ")", e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new StorageException(Kind.TRANSIENT, what + ": cannot connect to " + settings.location()
                    + "; is the server running and reachable? (" + cause.getMessage() + ")", e);
        }
        if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException
                || e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StorageException(Kind.TRANSIENT, what + ": " + settings.location() + " did not answer in time"
                    + " (" + messageOf(cause == null ? e : cause) + ")", e);
        }
        if (cause != null || e instanceof AbortedException) {
            return new StorageException(Kind.TRANSIENT, what + ": the connection to " + settings.location()
                    + " failed (" + messageOf(cause == null ? e : cause) + ")", e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to execute HTTP request")) {
            return new StorageException(Kind.TRANSIENT, what + ": the connection to " + settings.location()
                    + " failed (" + e.getMessage() + ")", e);
        }
        return new StorageException(Kind.PERMANENT, what + ": " + e.getMessage(), e);
    }

    private static IOException rootIo(Throwable e) {
        IOException found = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException io) {
                found = io;
            }
        }
        return found;
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
