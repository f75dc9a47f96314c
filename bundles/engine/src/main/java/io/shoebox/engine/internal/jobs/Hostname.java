package io.shoebox.engine.internal.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of this server, as recorded in snapshots. */
final class Hostname {

    private Hostname() {
    }

    static String get() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
