package io.shoebox.engine.internal.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * What the scheduler must remember across restarts for one policy: the last schedule time it
 * handled, a run that was started and not finished (with the steps already done, so a restart
 * finishes that run instead of starting it over), and how the last run ended. Kept as a small
 * properties file, replaced atomically.
 */
final class PolicyState {

    private final Path file;
    /** When the scheduler first saw the policy: runs due before that were never the policy's. */
    Instant since;
    Instant lastFire;
    Instant lastCheckFire;
    Instant lastRun;
    String lastOutcome;
    String lastError;
    Instant lastSuccess;
    Instant overdueReported;
    /** The schedule time of a run under way, or {@code null}. */
    Instant pendingFire;
    final Set<String> pendingDone = new LinkedHashSet<>();

    private PolicyState(Path file) {
        this.file = file;
    }

    static PolicyState load(Path file) throws IOException {
        PolicyState state = new PolicyState(file);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return state;
        }
        state.since = instant(properties, "since");
        state.lastFire = instant(properties, "lastFire");
        state.lastCheckFire = instant(properties, "lastCheckFire");
        state.lastRun = instant(properties, "lastRun");
        state.lastOutcome = properties.getProperty("lastOutcome");
        state.lastError = properties.getProperty("lastError");
        state.lastSuccess = instant(properties, "lastSuccess");
        state.overdueReported = instant(properties, "overdueReported");
        state.pendingFire = instant(properties, "pendingFire");
        String done = properties.getProperty("pendingDone", "");
        for (String step : done.split("\n")) {
            if (!step.isBlank()) {
                state.pendingDone.add(step);
            }
        }
        return state;
    }

    synchronized void save() throws IOException {
        Properties properties = new Properties();
        put(properties, "since", since);
        put(properties, "lastFire", lastFire);
        put(properties, "lastCheckFire", lastCheckFire);
        put(properties, "lastRun", lastRun);
        put(properties, "lastOutcome", lastOutcome);
        put(properties, "lastError", lastError);
        put(properties, "lastSuccess", lastSuccess);
        put(properties, "overdueReported", overdueReported);
        put(properties, "pendingFire", pendingFire);
        properties.setProperty("pendingDone", String.join("\n", pendingDone));
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            properties.store(out, "Shoebox policy schedule state; the server keeps this file up to date");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static Instant instant(Properties properties, String key) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? null : Instant.parse(value);
    }

    private static void put(Properties properties, String key, Object value) {
        if (value != null) {
            properties.setProperty(key, value.toString());
        }
    }
}
