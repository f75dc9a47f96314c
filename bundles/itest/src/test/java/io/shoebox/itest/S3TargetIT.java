package io.shoebox.itest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.shoebox.storage.s3.internal.S3ProxyServer;

/** The S3 provider through the running server, against S3Proxy on loopback. */
class S3TargetIT extends RemoteTargetContract {

    private S3ProxyServer s3;

    @Override
    protected String type() {
        return "s3";
    }

    @Override
    protected void startStorageServer(Path root) throws Exception {
        s3 = S3ProxyServer.start(root);
    }

    @Override
    protected Map<String, Object> targetConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("endpoint", s3.endpoint().toString());
        config.put("region", s3.region());
        config.put("bucket", s3.bucket());
        config.put("prefix", "photos-backup");
        config.put("accessKey", s3.accessKey());
        config.put("secretKey", s3.secretKey());
        config.put("pathStyle", true);
        return config;
    }

    @Override
    protected Map<String, Object> wrongCredentials() {
        Map<String, Object> config = targetConfig();
        config.put("secretKey", "not-" + s3.secretKey());
        return config;
    }

    @Override
    protected void killStorageServer() throws Exception {
        s3.stop();
    }

    @Override
    protected void restartStorageServer() throws Exception {
        s3.start();
    }

    @Override
    protected void closeStorageServer() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }
}
