package io.shoebox.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ops4j.pax.exam.Option;

/**
 * The assembled server inside a Pax Exam container: the distribution's bundles (all but the
 * interactive shell) with its shipped configuration, in a fresh home, on a free port.
 */
final class InContainer {

    private InContainer() {
    }

    /** The server's options, followed by a test's own. */
    static Option server(String tempPrefix, Option... extra) throws IOException {
        Path work = Files.createTempDirectory(tempPrefix);
        Path config = work.resolve("config");
        Distribution.copyConfig(config);
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        return composite(
                frameworkProperty("shoebox.home").value(work.resolve("data").toString()),
                frameworkProperty("shoebox.config.dir").value(config.toString()),
                frameworkProperty("shoebox.deploy.dir").value(deploy.toString()),
                frameworkProperty("felix.fileinstall.dir").value(deploy.toString()),
                frameworkProperty("org.osgi.service.http.port").value(String.valueOf(Distribution.freePort())),
                frameworkProperty("gosh.args").value("--nointeractive"),
                composite(extra),
                composite(Distribution.systemBundles().stream()
                        .filter(jar -> !jar.getFileName().toString().contains("gogo.shell"))
                        .map(jar -> bundle(jar.toUri().toString()))
                        .toArray(Option[]::new)),
                junitBundles());
    }
}
