package io.shoebox.metadata.avchd.internal;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads an MPEG transport stream for what a camcorder clip says about itself, in two passes over the
 * packets:
 *
 * <ol>
 *   <li>the head: the program association and program map tables name the H.264 video stream, whose
 *       first access units (up to their first slice) hold the sequence parameter set and the camera's
 *       MDPM SEI message; cameras repeat both at every group of pictures, so a second of video is
 *       looked at, at most. The first program clock reference (PCR) is noted too.
 *   <li>the tail: the last PCR, for the duration. When the caller's stream tells how much is left (a
 *       file's does) the reader skips to the last megabyte, so a 2 GB clip costs its head and its last
 *       megabyte; otherwise it reads on, within the read limit.
 * </ol>
 *
 * <p>Tables are read from single packets (AVCHD's always fit one); PCRs are taken from whichever stream
 * carries them, as exiftool does, which is the video stream in camcorder files.
 */
final class TransportStreamReader {

    private static final int PAT_PID = 0;
    private static final int PAT = 0x00;
    private static final int PMT = 0x02;
    private static final int H264 = 0x1B;
    /** Bytes of each access unit kept for its NAL units before the first slice. */
    private static final int ACCESS_UNIT_HEAD = 64 << 10;
    /** About a second of video: MDPM comes with every group of pictures, half a second apart or less. */
    private static final int MAX_ACCESS_UNITS = 60;
    /** How far into a stream the head is looked for, whatever it holds. */
    private static final long HEAD_LIMIT = 16L << 20;
    private static final long TAIL = 1L << 20;
    /** PCRs count 27 MHz ticks in 33 bits of 90 kHz and 9 bits of 300ths: they wrap after 26.5 hours. */
    private static final long PCR_WRAP = (1L << 33) * 300;
    private static final long PCR_TICKS_PER_MILLI = 27_000;

    private final GuardedInputStream in;
    private final Clip clip;
    private final byte[] packet = new byte[PacketReader.PACKET];
    private final Set<Integer> programMapPids = new HashSet<>();
    private int videoPid = -1;
    private final byte[] accessUnit = new byte[ACCESS_UNIT_HEAD];
    private int accessUnitLength = -1;
    private int accessUnits;
    private long firstPcr = -1;
    private long lastPcr = -1;

    private TransportStreamReader(GuardedInputStream in, Clip clip) {
        this.in = in;
        this.clip = clip;
    }

    /** Reads {@code in}, from the file's first byte, into {@code clip}, which keeps what was found if this throws. */
    static void read(GuardedInputStream in, Clip clip) throws IOException {
        new TransportStreamReader(in, clip).read();
    }

    private void read() throws IOException {
        PacketReader packets = PacketReader.open(in);
        if (packets == null) {
            return;
        }
        clip.transportStream = true;
        try {
            while (!headRead() && packets.next(packet)) {
                readPacket(true);
            }
            endAccessUnit();
            if (packets.skipToTail(TAIL)) {
                lastPcr = -1; // only a clock reference read after the skip tells where the stream ends
            }
            while (packets.next(packet)) {
                readPacket(false);
            }
            clip.durationMillis = duration(firstPcr, lastPcr);
        } finally {
            if (packets.resyncs() > 0) {
                clip.problems.add("packet synchronisation lost " + packets.resyncs() + " times");
            }
        }
    }

    private boolean headRead() {
        return in.position() > HEAD_LIMIT
                || firstPcr >= 0 && (clip.video.complete() || accessUnits >= MAX_ACCESS_UNITS);
    }

    private static Long duration(long first, long last) {
        if (first < 0 || last < 0) {
            return null;
        }
        long ticks = last >= first ? last - first : last + PCR_WRAP - first;
        return ticks / PCR_TICKS_PER_MILLI;
    }

    /** One packet: its clock reference, and in the head its tables and video. */
    private void readPacket(boolean head) {
        if ((packet[1] & 0x80) != 0) {
            return; // the transport error indicator: damaged in transmission
        }
        boolean unitStart = (packet[1] & 0x40) != 0;
        int pid = (packet[1] & 0x1F) << 8 | packet[2] & 0xFF;
        int control = (packet[3] & 0x30) >> 4;
        int payload = 4;
        if ((control & 2) != 0) {
            int adaptationLength = packet[4] & 0xFF;
            if (adaptationLength > PacketReader.PACKET - 5) {
                return;
            }
            if (adaptationLength >= 7 && (packet[5] & 0x10) != 0) {
                pcr();
            }
            payload = 5 + adaptationLength;
        }
        if (!head || (control & 1) == 0 || payload >= PacketReader.PACKET) {
            return;
        }
        if (pid == PAT_PID && unitStart) {
            programAssociation(payload);
        } else if (programMapPids.contains(pid) && unitStart) {
            programMap(payload);
        } else if (pid == videoPid) {
            video(unitStart, payload);
        }
    }

    private void pcr() {
        long base = (packet[6] & 0xFFL) << 25 | (packet[7] & 0xFF) << 17 | (packet[8] & 0xFF) << 9
                | (packet[9] & 0xFF) << 1 | (packet[10] & 0xFF) >> 7;
        long extension = (packet[10] & 0x01) << 8 | packet[11] & 0xFF;
        lastPcr = base * 300 + extension;
        if (firstPcr < 0) {
            firstPcr = lastPcr;
        }
    }

    /**
     * The start and end (before the CRC) of a table section in this packet, or {@code null} when it is
     * not all there or shorter than the table's fixed fields ({@code minLength}, CRC included).
     */
    private int[] section(int payload, int tableId, int minLength) {
        int start = payload + 1 + (packet[payload] & 0xFF);
        if (start + 3 > PacketReader.PACKET || (packet[start] & 0xFF) != tableId) {
            return null;
        }
        int length = (packet[start + 1] & 0x0F) << 8 | packet[start + 2] & 0xFF;
        int end = start + 3 + length - 4;
        return length < minLength || end > PacketReader.PACKET ? null : new int[] {start, end};
    }

    /** The program association table: where each program's map is. */
    private void programAssociation(int payload) {
        int[] section = section(payload, PAT, 9);
        if (section == null) {
            return;
        }
        for (int at = section[0] + 8; at + 4 <= section[1]; at += 4) {
            if (u16(at) != 0) { // program 0 is the network information, not a program
                programMapPids.add(u16(at + 2) & 0x1FFF);
            }
        }
    }

    /** A program map table: the first H.264 stream is the video. */
    private void programMap(int payload) {
        int[] section = section(payload, PMT, 13);
        if (section == null || videoPid >= 0) {
            return;
        }
        int at = section[0] + 12 + (u16(section[0] + 10) & 0x0FFF);
        while (at + 5 <= section[1]) {
            int type = packet[at] & 0xFF;
            if (type == H264) {
                videoPid = u16(at + 1) & 0x1FFF;
                return;
            }
            at += 5 + (u16(at + 3) & 0x0FFF);
        }
    }

    /**
     * A packet of the video stream. A PES packet starts each access unit: its header is skipped and the
     * first {@link #ACCESS_UNIT_HEAD} bytes of the unit are kept until the next one starts.
     */
    private void video(boolean unitStart, int payload) {
        if (unitStart) {
            endAccessUnit();
            int header = payload + 9;
            if (header > PacketReader.PACKET || packet[payload] != 0 || packet[payload + 1] != 0 || packet[payload + 2] != 1
                    || (packet[payload + 6] & 0xC0) != 0x80) {
                return; // not a PES packet with the MPEG-2 header video streams have
            }
            payload = header + (packet[payload + 8] & 0xFF);
            accessUnitLength = 0;
        }
        if (accessUnitLength >= 0 && payload < PacketReader.PACKET) {
            int n = Math.min(PacketReader.PACKET - payload, accessUnit.length - accessUnitLength);
            System.arraycopy(packet, payload, accessUnit, accessUnitLength, n);
            accessUnitLength += n;
        }
    }

    private void endAccessUnit() {
        if (accessUnitLength > 0) {
            accessUnits++;
            try {
                clip.video.readAccessUnit(accessUnit, accessUnitLength);
            } catch (RuntimeException e) {
                clip.problems.add("video access unit " + accessUnits + ": " + e);
            }
        }
        accessUnitLength = -1;
    }

    private int u16(int at) {
        return (packet[at] & 0xFF) << 8 | packet[at + 1] & 0xFF;
    }
}
