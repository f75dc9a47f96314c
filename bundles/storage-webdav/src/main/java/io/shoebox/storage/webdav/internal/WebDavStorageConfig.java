package io.shoebox.storage.webdav.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "WebDAV server",
        description = "A folder on a WebDAV server: Nextcloud, ownCloud, a Synology or QNAP NAS, pCloud, Koofr,"
                + " or any server speaking WebDAV. Use https:// whenever the server is not on your own network:"
                + " the password travels with every request.")
public @interface WebDavStorageConfig {

    @AttributeDefinition(
            name = "Folder URL",
            description = "WebDAV address of the folder that holds the repository. Nextcloud / ownCloud:"
                    + " https://cloud.example.com/remote.php/dav/files/USER/Shoebox. Synology (WebDAV Server"
                    + " package): https://nas.local:5006/SHARE/Shoebox. pCloud: https://webdav.pcloud.com/Shoebox"
                    + " (EU accounts: https://ewebdav.pcloud.com/Shoebox). Koofr:"
                    + " https://app.koofr.net/dav/Koofr/Shoebox.")
    String url();

    @AttributeDefinition(
            name = "User",
            description = "User name on the WebDAV server. Leave empty for a server without login.",
            required = false)
    String user() default "";

    @AttributeDefinition(
            name = "Password",
            description = "Password for that user. With two-factor login (Nextcloud, Koofr, pCloud), create an"
                    + " app password in the account's security settings and enter it here.",
            type = AttributeType.PASSWORD,
            required = false)
    String password() default "";

    @AttributeDefinition(
            name = "Create folder if missing",
            description = "Off by default, so that a mistyped URL is reported instead of silently starting a"
                    + " second repository somewhere else.",
            required = false)
    boolean createIfMissing() default false;

    @AttributeDefinition(
            name = "Connect timeout (seconds)",
            description = "How long to wait for a connection to the server.",
            required = false,
            min = "1")
    int connectTimeoutSeconds() default 15;

    @AttributeDefinition(
            name = "Read timeout (seconds)",
            description = "How long a request may go without progress (no answer, no data sent or received)"
                    + " before it is given up and tried again later. Raise it for slow servers or a slow uplink.",
            required = false,
            min = "1")
    int readTimeoutSeconds() default 120;

    @AttributeDefinition(
            name = "Concurrent requests",
            description = "Most requests sent to the server at the same time. Hosted services may throttle more"
                    + " than about 4; a server on your own network can take more.",
            required = false,
            min = "1",
            max = "64")
    int maxConcurrentRequests() default 8;
}
