package io.shoebox.storage.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Local folder or drive",
        description = "A folder on this server: an external USB drive, a mounted NAS share or an internal disk.")
public @interface LocalStorageConfig {

    @AttributeDefinition(
            name = "Folder",
            description = "Absolute path of the folder that holds the repository. A relative path is taken"
                    + " inside the server's data directory (SHOEBOX_HOME).")
    String path();

    @AttributeDefinition(
            name = "Create folder if missing",
            description = "Off by default, so that a backup never lands on the system disk when an external"
                    + " drive is not mounted.",
            required = false)
    boolean createIfMissing() default false;
}
