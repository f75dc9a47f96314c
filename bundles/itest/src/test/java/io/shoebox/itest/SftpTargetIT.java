package io.shoebox.itest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.shoebox.storage.sftp.internal.SftpServer;

/** The SFTP provider through the running server, against a real SSH server on loopback. */
class SftpTargetIT extends RemoteTargetContract {

    private SftpServer sftp;

    @Override
    protected String type() {
        return "sftp";
    }

    @Override
    protected void startStorageServer(Path root) throws Exception {
        sftp = SftpServer.start(root);
    }

    @Override
    protected Map<String, Object> targetConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("host", sftp.host());
        config.put("port", sftp.port());
        config.put("user", sftp.user());
        config.put("privateKey", sftp.privateKeyText());
        config.put("hostKeyFingerprint", sftp.hostKeyFingerprint());
        config.put("path", "/photos-backup");
        config.put("createIfMissing", true);
        return config;
    }

    @Override
    protected Map<String, Object> wrongCredentials() {
        Map<String, Object> config = targetConfig();
        config.remove("privateKey");
        config.put("password", "not-" + sftp.password());
        return config;
    }

    @Override
    protected void killStorageServer() throws Exception {
        sftp.stop();
    }

    @Override
    protected void restartStorageServer() throws Exception {
        sftp.start();
    }

    @Override
    protected void closeStorageServer() throws Exception {
        if (sftp != null) {
            sftp.close();
        }
    }
}
