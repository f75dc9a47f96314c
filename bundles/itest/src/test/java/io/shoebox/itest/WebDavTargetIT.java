package io.shoebox.itest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.shoebox.storage.webdav.internal.WebDavServer;

/** The WebDAV provider through the running server, against Apache httpd with mod_dav on loopback. */
class WebDavTargetIT extends RemoteTargetContract {

    private WebDavServer dav;

    @Override
    protected String type() {
        return "webdav";
    }

    @Override
    protected void startStorageServer(Path root) throws Exception {
        dav = WebDavServer.start(root);
    }

    @Override
    protected Map<String, Object> targetConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("url", dav.url() + "photos-backup");
        config.put("user", dav.user());
        config.put("password", dav.password());
        config.put("createIfMissing", true);
        return config;
    }

    @Override
    protected Map<String, Object> wrongCredentials() {
        Map<String, Object> config = targetConfig();
        config.put("password", "not-" + dav.password());
        return config;
    }

    @Override
    protected void killStorageServer() throws Exception {
        dav.stop();
    }

    @Override
    protected void restartStorageServer() throws Exception {
        dav.start();
    }

    @Override
    protected void closeStorageServer() throws Exception {
        if (dav != null) {
            dav.close();
        }
    }
}
