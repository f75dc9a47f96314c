package io.shoebox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of a process from {@code /proc/<pid>/status}: {@code VmHWM} (the kernel's own
 * high-water mark, which {@link #reset} clears through {@code clear_refs}), and as a fallback the
 * largest {@code VmRSS} seen by sampling every 50 ms.
 */
final class RssSampler {

    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long sampledPeak;
    private volatile long lastHwm;

    RssSampler(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::loop, "rss-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            long rss = read("VmRSS:");
            if (rss > sampledPeak) {
                sampledPeak = rss;
            }
            long hwm = read("VmHWM:");
            if (hwm > 0) {
                lastHwm = hwm;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Clears the kernel's high-water mark and the sampled peak; false when the kernel refused. */
    boolean reset() {
        sampledPeak = 0;
        lastHwm = 0;
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The peak since start or the last {@link #reset}, in bytes. */
    long peak() {
        long hwm = read("VmHWM:");
        if (hwm > 0) {
            lastHwm = hwm;
        }
        return Math.max(lastHwm, sampledPeak);
    }

    long stop() {
        long peak = peak();
        running = false;
        thread.interrupt();
        return peak;
    }

    private long read(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux
        }
        return 0;
    }
}
