package io.shoebox.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The assembled server under test, as built into {@code distribution/target/shoebox}. */
final class Distribution {

    private Distribution() {
    }

    static Path home() {
        Path home = Path.of(System.getProperty("shoebox.distribution", "../../distribution/target/shoebox")).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("system"))) {
            throw new IllegalStateException("no assembled server at " + home + "; build the distribution module first");
        }
        return home;
    }

    /** The runtime bundles of the server, as the resolver chose them: system/ and system/boot/. */
    static List<Path> systemBundles() throws IOException {
        try (Stream<Path> files = Files.walk(home().resolve("system"), 2)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    static Path systemBundle(String fileNamePrefix) throws IOException {
        return systemBundles().stream().filter(f -> f.getFileName().toString().startsWith(fileNamePrefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + fileNamePrefix + "*.jar in " + home().resolve("system")));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Writes a minimal valid bundle: a manifest and nothing else. */
    static Path writeBundle(Path file, String symbolicName, String version, String kind) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Bundle-ManifestVersion", "2");
        attributes.putValue("Bundle-SymbolicName", symbolicName);
        attributes.putValue("Bundle-Version", version);
        attributes.putValue("Bundle-Name", "Sample plugin " + symbolicName);
        attributes.putValue("Shoebox-Kind", kind);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }

    /** Copies the default configuration of the distribution into a fresh folder. */
    static void copyConfig(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(home().resolve("config"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cfg.json")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }
}
