package io.shoebox.storage.sftp.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/** Turns what MINA SSHD and the server report into failures an operator can act on. */
final class SftpFailures {

    private final SftpSettings settings;

    SftpFailures(SftpSettings settings) {
        this.settings = settings;
    }

    /**
     * Classifies a failure of an operation.
     *
     * @param what what was being done, such as {@code cannot read data/ab/cd}
     */
    StorageException classify(String what, Throwable failure) {
        if (failure instanceof StorageException storage) {
            return storage;
        }
        if (failure instanceof SftpException sftp) {
            return classifyStatus(what, sftp);
        }
        return classifyConnection(what, failure);
    }

    private StorageException classifyStatus(String what, SftpException e) {
        String server = " (server " + settings.server() + " says: " + e.getMessage() + ")";
        return switch (e.getStatus()) {
            case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH ->
                    new StorageException(Kind.NOT_FOUND, what + ": no such file or folder" + server, e);
            case SftpConstants.SSH_FX_PERMISSION_DENIED -> new StorageException(Kind.PERMANENT, what
                    + ": permission denied" + server + "; check that user '" + settings.user() + "' may read and write"
                    + " the folder " + settings.folder() + " and everything in it", e);
            case SftpConstants.SSH_FX_WRITE_PROTECT -> new StorageException(Kind.PERMANENT, what
                    + ": the server's file system is read-only" + server, e);
            case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM -> new StorageException(Kind.NO_SPACE, what
                    + ": the server's disk is full" + server, e);
            case SftpConstants.SSH_FX_QUOTA_EXCEEDED -> new StorageException(Kind.NO_SPACE, what
                    + ": the user's quota on the server is exhausted" + server, e);
            case SftpConstants.SSH_FX_FILE_ALREADY_EXISTS ->
                    new StorageException(Kind.ALREADY_EXISTS, what + ": already exists" + server, e);
            case SftpConstants.SSH_FX_NO_CONNECTION, SftpConstants.SSH_FX_CONNECTION_LOST ->
                    new StorageException(Kind.TRANSIENT, what + ": the connection was lost" + server, e);
            default -> new StorageException(Kind.PERMANENT, what + server, e);
        };
    }

    private StorageException classifyConnection(String what, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return new StorageException(Kind.TRANSIENT, what + ": connection to " + address()
                        + " refused; is the SSH server running and is the port right?", failure);
            }
            if (cause instanceof NoRouteToHostException) {
                return new StorageException(Kind.TRANSIENT, what + ": no route to " + address()
                        + "; is the server on and the network up?", failure);
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return new StorageException(Kind.TRANSIENT, what + ": host name '" + settings.host()
                        + "' cannot be resolved; check the host name", failure);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedByTimeoutException) {
                return timedOut(what, failure);
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return new StorageException(Kind.TRANSIENT, what + ": interrupted", failure);
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
            return timedOut(what, failure);
        }
        String detail = failure instanceof IOException ? message : failure.getClass().getSimpleName() + ": " + message;
        return new StorageException(Kind.TRANSIENT, what + ": the connection to " + address() + " failed (" + detail
                + ")", failure);
    }

    private StorageException timedOut(String what, Throwable failure) {
        return new StorageException(Kind.TRANSIENT, what + ": " + address() + " did not answer in time", failure);
    }

    private String address() {
        return settings.host() + ":" + settings.port();
    }
}
