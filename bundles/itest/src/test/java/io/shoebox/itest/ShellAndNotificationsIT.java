package io.shoebox.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventHandler;

import com.sun.net.httpserver.HttpServer;

import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.admin.TargetStatus;

/**
 * The operator's shell commands and the webhook notifications, in the assembled runtime: commands
 * run through a Gogo session against the real engine, and a failed backup reaches a real HTTP
 * receiver through Event Admin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellAndNotificationsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private SourceService sources;

    @Inject
    private TargetService targets;

    @Configuration
    public Option[] configuration() throws IOException {
        return options(InContainer.server("shoebox-itest-shell-",
                // The test's webhook receiver is the JDK's HTTP server.
                frameworkProperty("org.osgi.framework.bootdelegation").value("com.sun.net.httpserver")));
    }

    @Test
    public void an_operator_backs_up_with_wait_then_sees_the_job_and_the_snapshot_and_checks_the_target() throws Exception {
        Path library = Files.createDirectories(Path.of(context.getProperty("shoebox.home")).resolve("library-phone"));
        for (int i = 0; i < 5; i++) {
            Files.write(Files.createDirectories(library.resolve("DCIM")).resolve("IMG_000" + i + ".JPG"), new byte[4096 + i]);
        }
        sources.create("phone", "folder", Map.of("path", library.toString()));
        Await.until("target local is available", TIMEOUT,
                () -> targets.get("local").map(t -> t.status() == TargetStatus.AVAILABLE).orElse(false));

        String backup = run("shoebox:backup --wait phone local");
        assertContains(backup, "Submitted backup job ", "(phone -> local)", "Succeeded after", "snapshotId", "filesNew");
        String jobId = backup.substring(backup.indexOf("job ") + 4, backup.indexOf(" (phone"));

        String jobs = run("shoebox:jobs");
        assertContains(jobs, "ID", "SOURCE -> TARGET", "PROGRESS", jobId.substring(0, 8) + "  backup  phone -> local", "SUCCEEDED", "100%");

        String details = run("shoebox:jobs " + jobId.substring(0, 8));
        assertContains(details, "Job         " + jobId, "State       SUCCEEDED", "Result", "filesNew          5");

        String snapshots = run("shoebox:snapshots local");
        assertContains(snapshots, "ID", "TIME", "SOURCE", "FILES", "phone");
        assertTrue(snapshots, snapshots.lines().anyMatch(line -> line.contains("phone") && line.matches(".*\\s5\\s.*")));
        assertContains(run("shoebox:snapshots local camera"), "No snapshots on local of source camera.");

        String check = run("shoebox:check --read 100 --wait local");
        assertContains(check, "Submitted check job ", "(-> local)", "Succeeded after", "ok", "true");

        assertContains(run("shoebox:jobs succeeded"), "backup", "check");
        assertEquals("No jobs.\n", run("shoebox:jobs queued"));
    }

    @Test
    public void mistakes_are_answered_with_one_line_naming_what_is_wrong() throws Exception {
        Path card = Files.createDirectories(Path.of(context.getProperty("shoebox.home")).resolve("library-card"));
        sources.create("card", "folder", Map.of("path", card.toString()));
        assertFails("shoebox:backup card nowhere", "no target 'nowhere' (targets: local)");
        assertFails("shoebox:backup nosource local", "no source 'nosource'");
        assertFails("shoebox:snapshots nowhere", "no target 'nowhere' (targets: local)");
        assertFails("shoebox:jobs 00000000-nope", "no job '00000000-nope' (shoebox:jobs lists them)");
        assertFails("shoebox:check --read 150 local", "--read takes a percentage from 0 to 100, not 150.0");
        assertFails("shoebox:backup local", "usage: shoebox:backup [--wait] <source> <target>");
        assertFails("shoebox:restore local 0000 relative/folder", "the destination must be an absolute path");
    }

    @Test
    public void help_describes_the_commands_and_their_options() throws Exception {
        String help = run("help shoebox:backup");
        assertContains(help, "back up a source to a target", "--wait", "--policy", "wait until the job ends");
        assertContains(run("help shoebox:check"), "--read", "percent of the stored data");
    }

    @Test
    public void a_failed_backup_is_posted_to_a_webhook_with_its_secret_and_the_secret_is_sealed_in_config() throws Exception {
        BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String[] {exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)});
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Path config = Path.of(context.getProperty("shoebox.config.dir"));
            Path file = config.resolve("shoebox.notify.webhook~it.cfg.json");
            Files.writeString(file, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"secret\": \"it-secret\"}");
            Await.until("the webhook listens", TIMEOUT, () -> notificationHandlers() == 2);
            Await.until("the secret is sealed in its file", TIMEOUT, () -> read(file).contains("{sealed}"));
            assertTrue(read(file), !read(file).contains("it-secret"));

            Path vanished = Files.createDirectories(Path.of(context.getProperty("shoebox.home")).resolve("library-vanished"));
            Files.writeString(vanished.resolve("a.txt"), "a");
            sources.create("vanished", "folder", Map.of("path", vanished.toString()));
            Files.delete(vanished.resolve("a.txt"));
            Files.delete(vanished);
            String backup = run("shoebox:backup --wait vanished local");
            assertContains(backup, "Failed");

            String[] request = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (request == null) {
                fail("no webhook request within " + TIMEOUT);
            }
            assertEquals("Bearer it-secret", request[0]);
            assertContains(request[1], "\"event\":\"job.failed\"", "\"type\":\"backup\"", "\"source\":\"vanished\"",
                    "\"target\":\"local\"", "\"state\":\"FAILED\"");
        } finally {
            receiver.stop(0);
        }
    }

    private long notificationHandlers() {
        try {
            ServiceReference<?>[] handlers = context.getAllServiceReferences(EventHandler.class.getName(), null);
            return handlers == null ? 0 : Arrays.stream(handlers)
                    .filter(r -> "io.shoebox.notifications".equals(r.getBundle().getSymbolicName())).count();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one command line in a fresh Gogo session and returns what an operator would see: what
     * it printed, then the value it returned (as the shell prints that too; {@code help} does so).
     */
    private String run(String commandLine) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object result;
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            result = session.execute(commandLine);
        }
        return out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
    }

    private void assertFails(String commandLine, String message) {
        try {
            String output = run(commandLine);
            fail(commandLine + " did not fail; it printed: " + output);
        } catch (Exception e) {
            assertTrue(commandLine + " failed with: " + e, e.getMessage() != null && e.getMessage().startsWith(message));
            assertTrue("one line: " + e.getMessage(), !e.getMessage().contains("\n"));
        }
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue("expected '" + part + "' in:\n" + text, text.contains(part));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
