package io.shoebox.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.admin.TargetStatus;

/**
 * Plugins come and go while the server runs: the assembled runtime is booted once per test in
 * Felix, and bundles are removed, installed and dropped into {@code deploy/} without restarting
 * the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PluginLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String STORAGE_LOCAL = "io.shoebox.storage.local";

    @Inject
    private BundleContext context;

    @Inject
    private TargetService targets;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() throws IOException {
        return options(InContainer.server("shoebox-itest-",
                frameworkProperty("felix.fileinstall.poll").value("250"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true")));
    }

    @Test
    public void removing_the_local_provider_makes_its_targets_unavailable_and_reinstalling_restores_them() throws Exception {
        Bundle framework = context.getBundle(0);
        long frameworkStarted = framework.getLastModified();
        awaitStatus("local", TargetStatus.AVAILABLE);

        Bundle provider = installed(STORAGE_LOCAL).orElseThrow();
        String location = provider.getLocation();
        provider.uninstall();

        awaitStatus("local", TargetStatus.UNAVAILABLE);
        TargetInfo unavailable = targets.get("local").orElseThrow();
        assertTrue(unavailable.reason(), unavailable.reason().contains("no provider"));
        assertEquals("repositories/local", unavailable.config().get("path"));
        assertNotNull("configuration kept", configAdmin.listConfigurations("(service.pid=shoebox.storage.local~local)"));
        assertTrue("storage type gone", targets.storageTypes().stream().noneMatch(t -> t.type().equals("local")));

        Bundle again = context.installBundle(location);
        again.start();

        awaitStatus("local", TargetStatus.AVAILABLE);
        assertTrue("storage type back", targets.storageTypes().stream().anyMatch(t -> t.type().equals("local")));
        assertEquals("same framework, never restarted", Bundle.ACTIVE, framework.getState());
        assertEquals(frameworkStarted, framework.getLastModified());
    }

    @Test
    public void a_bundle_dropped_into_deploy_is_installed_and_deleting_the_file_removes_it() throws Exception {
        Path deploy = Path.of(context.getProperty("shoebox.deploy.dir"));
        Path jar = Distribution.writeBundle(deploy.resolve("sample-plugin.jar"), "io.shoebox.itest.sample", "1.0.0", "metadata");

        Await.until("the dropped bundle is active", TIMEOUT,
                () -> installed("io.shoebox.itest.sample").map(b -> b.getState() == Bundle.ACTIVE).orElse(false));

        Files.delete(jar);

        Await.until("the bundle is gone", TIMEOUT, () -> installed("io.shoebox.itest.sample").isEmpty());
        assertEquals(Bundle.ACTIVE, context.getBundle(0).getState());
        awaitStatus("local", TargetStatus.AVAILABLE);
    }

    @Test
    public void a_target_file_dropped_into_config_becomes_a_target_and_deleting_it_removes_the_target() throws Exception {
        Path config = Path.of(context.getProperty("shoebox.config.dir"));
        Path repository = Path.of(context.getProperty("shoebox.home")).resolve("dropped");
        Path file = config.resolve("shoebox.storage.local~dropped.cfg.json");
        Files.writeString(file, "{\"path\": \"" + repository + "\", \"createIfMissing\": true}");

        awaitStatus("dropped", TargetStatus.AVAILABLE);

        Files.delete(file);
        Await.until("the target is removed", TIMEOUT, () -> targets.get("dropped").isEmpty());
    }

    @Test
    public void a_target_created_through_the_service_is_written_to_config_with_its_secret_sealed() throws Exception {
        Path config = Path.of(context.getProperty("shoebox.config.dir"));
        Path repository = Path.of(context.getProperty("shoebox.home")).resolve("created");
        targets.create("created", "local", java.util.Map.of("path", repository.toString(), "createIfMissing", true),
                "a repository password");

        awaitStatus("created", TargetStatus.AVAILABLE);
        Path file = config.resolve("shoebox.storage.local~created.cfg.json");
        Await.until("the target is written to config/", TIMEOUT, () -> Files.exists(file) && read(file).contains("{sealed}"));
        assertTrue(read(file).contains(repository.toString()));
        assertTrue("no plain-text password in config/", !read(file).contains("a repository password"));

        assertTrue(targets.delete("created"));
        Await.until("the file is removed with the target", TIMEOUT, () -> !Files.exists(file));
        assertNull(configAdmin.listConfigurations("(service.pid=shoebox.storage.local~created)"));
    }

    private void awaitStatus(String target, TargetStatus status) {
        Await.until("target " + target + " is " + status, TIMEOUT,
                () -> targets.get(target).map(t -> t.status() == status).orElse(false));
    }

    private Optional<Bundle> installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
