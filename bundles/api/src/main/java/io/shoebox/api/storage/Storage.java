package io.shoebox.api.storage;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One storage target: a flat namespace of immutable objects addressed by keys.
 *
 * <p>Keys are relative, slash-separated names such as {@code data/3f/3f9a...}; each segment is
 * non-empty and neither {@code .} nor {@code ..}. Implementations must be safe for concurrent use.
 * Every failure is reported as a {@link StorageException} whose {@link StorageException.Kind}
 * tells the caller whether retrying can help.
 */
@ConsumerType
public interface Storage {

    /** Service property holding the target's name. */
    String TARGET_PROPERTY = "shoebox.target";

    /** Service property holding the provider type, for example {@code local} or {@code s3}. */
    String TYPE_PROPERTY = "shoebox.storage.type";

    /** Factory configuration PIDs of storage providers start with this prefix, followed by the type. */
    String FACTORY_PID_PREFIX = "shoebox.storage.";

    /**
     * The target name of a storage service: its {@value #TARGET_PROPERTY} property, or else the
     * name part of its configuration PID (a target {@code disk} of type {@code local} is the
     * factory configuration {@code shoebox.storage.local~disk}).
     *
     * @param serviceProperties the service's properties
     * @return the name, or {@code null} if neither says one
     */
    static String targetName(Map<String, ?> serviceProperties) {
        Object name = serviceProperties.get(TARGET_PROPERTY);
        if (name != null) {
            return name.toString();
        }
        Object pid = serviceProperties.get("service.pid");
        int tilde = pid == null ? -1 : pid.toString().indexOf('~');
        return tilde < 0 ? null : pid.toString().substring(tilde + 1);
    }

    /**
     * Refuses a key that is not a plain relative name, so that no key can reach outside a target
     * whatever the provider maps keys to (files, object names, URLs): it must be non-empty, must not
     * start or end with {@code /}, hold {@code //}, a backslash or a control character, and no
     * segment may be {@code .} or {@code ..}. Providers call it on every key they are given.
     *
     * @throws StorageException of kind {@link StorageException.Kind#PERMANENT} naming the key
     */
    static void checkKey(String key) throws StorageException {
        boolean valid = key != null && !key.isEmpty() && !key.startsWith("/") && !key.endsWith("/")
                && !key.contains("//") && key.indexOf('\\') < 0;
        for (int i = 0; valid && i < key.length(); i++) {
            char c = key.charAt(i);
            valid = c >= 0x20 && c != 0x7f;
        }
        if (valid) {
            for (String segment : key.split("/")) {
                valid &= !segment.equals(".") && !segment.equals("..");
            }
        }
        if (!valid) {
            throw new StorageException(StorageException.Kind.PERMANENT, "invalid object key '" + key + "'");
        }
    }

    /**
     * Creates an object. The object becomes visible only once it is completely and durably
     * written: readers never see a partial object, even after a crash.
     *
     * @throws StorageException of kind {@link StorageException.Kind#ALREADY_EXISTS} if the key
     *     is taken; the existing object is left untouched
     */
    void create(String key, ByteSource content) throws StorageException;

    /**
     * Opens a range of an object for reading.
     *
     * @param offset first byte to read
     * @param length number of bytes to read, or {@code -1} for everything up to the end
     * @throws StorageException of kind {@link StorageException.Kind#NOT_FOUND} if there is no
     *     such object
     */
    InputStream read(String key, long offset, long length) throws StorageException;

    /** Opens a whole object for reading. */
    default InputStream read(String key) throws StorageException {
        return read(key, 0, -1);
    }

    /** Describes an object, or returns empty when there is none under that key. */
    Optional<ObjectInfo> stat(String key) throws StorageException;

    /**
     * Lists every object whose key starts with {@code prefix}, in no particular order.
     * Objects created or deleted while the listing runs may or may not be reported.
     */
    void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException;

    /** Deletes an object. Deleting a missing object is not an error. */
    void delete(String key) throws StorageException;

    /** Space used by this target's objects and, where the medium knows it, space left. */
    StorageUsage usage() throws StorageException;

    /**
     * Checks that the target can be reached and written with the configured settings, without
     * leaving anything behind. Used by "test connection".
     */
    void verifyAccess() throws StorageException;
}
