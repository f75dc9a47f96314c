package io.shoebox.configfiles.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.admin.SecretCodec;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.concurrent.Threads;

/**
 * Keeps the {@code config/} folder and Configuration Admin in step, both ways. A file dropped
 * into, changed in or removed from the folder creates, updates or deletes its configuration
 * within one poll; a Shoebox configuration changed through the API or the console is written
 * back to its file, so the folder always shows the server's configuration. Secret values found in
 * plain text in a file are sealed and the file is rewritten, so they do not stay readable on disk.
 *
 * <p>Only PIDs in the {@code shoebox.} namespace are written back; other configurations may be
 * read from files but stay under their owners' control.
 */
@Component(service = ConfigurationListener.class, configurationPid = "shoebox.configfiles", immediate = true)
@Designate(ocd = ConfigDirectoryConfig.class)
public class ConfigDirectory implements ConfigurationListener {

    /** Framework property naming the watched folder. */
    static final String DIR_PROPERTY = "shoebox.config.dir";
    static final String WRITE_BACK_NAMESPACE = "shoebox.";

    private final ConfigurationAdmin configAdmin;
    private final SecretCodec secrets;
    private final SecretFields secretFields;
    private final Logger log;
    private final Path folder;
    private final ConfigFileFormat format = new ConfigFileFormat();
    private final ScheduledExecutorService poller;

    /** Last seen state of each file, by name: its content, so unchanged files are not re-applied. */
    private final Map<String, byte[]> seen = new ConcurrentHashMap<>();

    @Activate
    public ConfigDirectory(
            @Reference ConfigurationAdmin configAdmin,
            @Reference SecretCodec secrets,
            @Reference SecretFields secretFields,
            @Reference(service = LoggerFactory.class) Logger log,
            BundleContext context,
            ConfigDirectoryConfig config) {
        this.configAdmin = configAdmin;
        this.secrets = secrets;
        this.secretFields = secretFields;
        this.log = log;
        String dir = context.getProperty(DIR_PROPERTY);
        this.folder = Path.of(dir == null ? "config" : dir).toAbsolutePath().normalize();
        this.poller = Threads.scheduler("config-folder", 1);
        log.info("Reading configuration from {}", folder);
        poller.execute(this::scan);
        poller.scheduleWithFixedDelay(this::scan, config.pollMillis(), config.pollMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    /** Applies every new, changed or removed file. Runs on the poller thread only. */
    void scan() {
        try {
            if (!Files.isDirectory(folder)) {
                return;
            }
            Set<String> present = new HashSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + ConfigFileFormat.SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (ConfigFileFormat.pidOf(name) == null) {
                        continue;
                    }
                    present.add(name);
                    byte[] content;
                    try {
                        content = Files.readAllBytes(file);
                    } catch (NoSuchFileException e) {
                        present.remove(name);
                        continue;
                    }
                    if (!Arrays.equals(content, seen.get(name))) {
                        seen.put(name, content);
                        apply(file, content);
                    }
                }
            }
            for (String gone : new HashSet<>(seen.keySet())) {
                if (!present.contains(gone)) {
                    seen.remove(gone);
                    remove(ConfigFileFormat.pidOf(gone));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.error("Cannot read the configuration folder {}: {}", folder, e.toString(), e);
        }
    }

    private void apply(Path file, byte[] content) {
        String name = file.getFileName().toString();
        String pid = ConfigFileFormat.pidOf(name);
        try {
            Dictionary<String, Object> properties = format.read(content, name);
            boolean sealedSome = sealPlainSecrets(pid, properties);
            Configuration configuration = configurationFor(pid);
            if (configuration.updateIfDifferent(properties)) {
                log.info("Applied configuration {} from {}", pid, name);
            }
            if (sealedSome) {
                log.info("Sealed the plain-text secrets found in {}", name);
                writeFile(pid, properties);
            }
        } catch (IOException | IllegalArgumentException e) {
            // The previous configuration (if any) stays in force; the file is re-read when it changes.
            log.error("Ignoring {}: {}", name, e.getMessage());
        }
    }

    private boolean sealPlainSecrets(String pid, Dictionary<String, Object> properties) {
        boolean sealed = false;
        Set<String> keys = new HashSet<>(secretFields.of(factoryPidOf(pid)));
        keys.add(TargetService.REPOSITORY_PASSWORD_PROPERTY);
        for (String key : keys) {
            if (properties.get(key) instanceof String value && !value.isEmpty() && !secrets.isSealed(value)) {
                properties.put(key, secrets.seal(value));
                sealed = true;
            }
        }
        return sealed;
    }

    private Configuration configurationFor(String pid) throws IOException {
        int tilde = pid.indexOf('~');
        if (tilde > 0) {
            return configAdmin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?");
        }
        return configAdmin.getConfiguration(pid, "?");
    }

    private static String factoryPidOf(String pid) {
        int tilde = pid.indexOf('~');
        return tilde > 0 ? pid.substring(0, tilde) : pid;
    }

    private void remove(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (found != null) {
                for (Configuration configuration : found) {
                    configuration.delete();
                }
                log.info("Removed configuration {}: its file was deleted", pid);
            }
        } catch (IOException | InvalidSyntaxException e) {
            log.error("Cannot remove configuration {}: {}", pid, e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (!pid.startsWith(WRITE_BACK_NAMESPACE)) {
            return;
        }
        // Write-back goes through the poller thread so it never races a scan of the same file.
        poller.execute(() -> writeBack(event.getType(), pid));
    }

    private void writeBack(int type, String pid) {
        try {
            if (type == ConfigurationEvent.CM_DELETED) {
                String name = ConfigFileFormat.fileNameOf(pid);
                if (Files.deleteIfExists(folder.resolve(name))) {
                    log.info("Deleted {}: its configuration was removed", name);
                }
                seen.remove(name);
                return;
            }
            String name = ConfigFileFormat.fileNameOf(pid);
            if (seen.containsKey(name) && !Files.exists(folder.resolve(name))) {
                // The file was deleted after it was last read: the next scan removes the configuration.
                // Writing it back for an update event that arrived meanwhile would undo the deletion.
                return;
            }
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (found == null || found[0].getProperties() == null) {
                return;
            }
            writeFile(pid, found[0].getProperties());
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            log.error("Cannot write configuration {} to {}: {}", pid, folder, e.toString());
        }
    }

    private void writeFile(String pid, Dictionary<String, Object> properties) throws IOException {
        String name = ConfigFileFormat.fileNameOf(pid);
        byte[] content = format.write(properties);
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            Dictionary<String, Object> onDisk = format.read(Files.readAllBytes(file), name);
            if (sameProperties(onDisk, properties)) {
                seen.put(name, Files.readAllBytes(file));
                return;
            }
        }
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + name + ".tmp");
        Files.write(temp, content);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        seen.put(name, content);
        log.info("Wrote configuration {} to {}", pid, name);
    }

    private boolean sameProperties(Dictionary<String, Object> a, Dictionary<String, Object> b) throws IOException {
        return Arrays.equals(format.write(a), format.write(b));
    }

    Map<String, byte[]> seenForTest() {
        return new HashMap<>(seen);
    }
}
