package io.shoebox.metadata.avchd.internal;

import java.util.ArrayList;
import java.util.List;

/** What was learnt of one clip so far; a reader that stops early leaves what it found. */
final class Clip {

    /** Whether the file is a transport stream at all. */
    boolean transportStream;
    /** The picture size and the camera's MDPM, from the H.264 stream. */
    final H264Headers video = new H264Headers();
    /** From the first to the last program clock reference, or {@code null} when the end was not read. */
    Long durationMillis;
    final List<String> problems = new ArrayList<>();
}
