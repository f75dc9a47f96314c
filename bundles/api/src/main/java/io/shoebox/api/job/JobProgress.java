package io.shoebox.api.job;

/**
 * How far a job has got. Totals are {@code -1} while still unknown (a backup counts files as it
 * walks the source).
 */
public record JobProgress(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {

    public static final JobProgress NONE = new JobProgress(0, -1, 0, -1);
}
