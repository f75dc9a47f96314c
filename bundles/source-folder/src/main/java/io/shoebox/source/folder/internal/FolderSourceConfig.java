package io.shoebox.source.folder.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Folder",
        description = "A folder of photos and videos on this server: an iCloud Photos download, a camera card"
                + " dump (DCIM), a Photos or Google Takeout export, a mounted NAS share.")
public @interface FolderSourceConfig {

    @AttributeDefinition(
            name = "Folder",
            description = "Absolute path of the folder to back up. A relative path is taken inside the server's"
                    + " data directory (SHOEBOX_HOME).")
    String path();

    @AttributeDefinition(
            name = "Excludes",
            description = "Extra glob patterns to leave out, on top of the built-in list of system clutter"
                    + " (.DS_Store, Thumbs.db, @eaDir, partial downloads, ...). A pattern without '/' matches a"
                    + " file or folder name at any depth (*.aae, Screenshots); a pattern with '/' matches the path"
                    + " from the folder's root (Family/Private/**). '*' stays within a name, '**' crosses folders."
                    + " Matching ignores case.",
            required = false)
    String[] excludes() default {};

    @AttributeDefinition(
            name = "Follow symbolic links",
            description = "Off by default: a link is not followed, and a link that points outside the folder is"
                    + " reported so nothing is missed silently. On: linked files and folders are backed up as if"
                    + " they were here (loops are detected and reported).",
            required = false)
    boolean followLinks() default false;

    @AttributeDefinition(
            name = "Include hidden files",
            description = "On by default: files and folders whose name starts with '.' are backed up, except the"
                    + " known system clutter. Off: they are all left out.",
            required = false)
    boolean includeHidden() default true;
}
