package io.shoebox.storage.sftp.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.storage.Storage;
import io.shoebox.testkit.StorageContract;

/** The storage contract, against a real SSH server on loopback. */
class SftpStorageTest extends StorageContract {

    @TempDir
    static Path serverRoot;

    private static SftpServer server;
    private static final AtomicInteger targets = new AtomicInteger();
    private final List<SftpStorage> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpServer.start(serverRoot);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeTargets() {
        opened.forEach(SftpStorage::close);
    }

    /** Settings for a target in a folder of its own, logging in with the server's password. */
    static SftpSettings settings(SftpServer server, String folder) {
        return SftpSettings.forServer(server.host(), server.port(), server.user(), folder)
                .withPassword(server.password())
                .withHostKeyFingerprint(server.hostKeyFingerprint());
    }

    private SftpStorage open(SftpSettings settings) {
        SftpStorage storage = new SftpStorage(settings);
        opened.add(storage);
        return storage;
    }

    @Override
    protected Storage storage() {
        return open(settings(server, "/targets/t" + targets.incrementAndGet()).withFolder(
                "/targets/t" + targets.get(), true));
    }

    @Override
    protected Storage storageWithWrongCredentials() {
        return open(settings(server, "/targets/wrong").withPassword("not the password").withFolder("/targets/wrong",
                true));
    }

    @Override
    protected Storage storageWithMissingLocation() {
        return open(settings(server, "/not/there"));
    }

    @Override
    protected ServerControl server() {
        return server;
    }
}
