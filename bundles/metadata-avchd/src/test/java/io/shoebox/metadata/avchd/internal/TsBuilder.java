package io.shoebox.metadata.avchd.internal;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes MPEG transport streams for tests, without ffmpeg: the program association and map tables, PES
 * packets of H.264 access units (access unit delimiter, sequence and picture parameter sets, SEI, an IDR
 * slice of noise) with a program clock reference in the first packet of each, null packets, and the
 * 4-byte time stamp before each packet that AVCHD's 192-byte packets have.
 */
final class TsBuilder {

    static final int PMT_PID = 0x0100;
    static final int VIDEO_PID = 0x1011;
    /** 90 kHz ticks of a frame at 25 frames a second. */
    static final long FRAME_TICKS = 3600;

    private final boolean timeStamped;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Integer, Integer> continuity = new HashMap<>();

    TsBuilder(boolean timeStamped) {
        this.timeStamped = timeStamped;
    }

    /** A whole clip: tables, then {@code frames} access units, a clock reference each, MDPM in each when given. */
    static byte[] clip(boolean timeStamped, MdpmRecords mdpm, int width, int height, int frames) {
        TsBuilder ts = new TsBuilder(timeStamped).tables();
        Random noise = new Random(frames);
        for (int i = 0; i < frames; i++) {
            ts.video(i * FRAME_TICKS * 300, accessUnit(sps(width, height, false), mdpm == null ? new byte[0] : mdpm.seiUnit(), 2000, noise));
        }
        return ts.build();
    }

    TsBuilder tables() {
        section(0, concat(u16(1), u16(0xE000 | PMT_PID)), 0x00, 1);
        byte[] streams = concat(new byte[] {0x1B}, u16(0xE000 | VIDEO_PID), u16(0xF000),
                new byte[] {(byte) 0x81}, u16(0xE000 | 0x1100), u16(0xF000));
        section(PMT_PID, concat(u16(0xE000 | VIDEO_PID), u16(0xF000), streams), 0x02, 1);
        return this;
    }

    /** A table section in one packet: pointer field, table id, length, id, version, section numbers, body, CRC (not checked by the reader). */
    private void section(int pid, byte[] body, int tableId, int id) {
        byte[] section = concat(new byte[] {(byte) tableId}, u16(0xB000 | (5 + body.length + 4)), u16(id),
                new byte[] {(byte) 0xC1, 0, 0}, body, new byte[4]);
        packet(pid, true, -1, concat(new byte[] {0}, section));
    }

    /** A PES packet of video, its first packet carrying {@code pcr} (27 MHz ticks) unless negative. */
    TsBuilder video(long pcr, byte[] accessUnit) {
        long pts = pcr / 300 + 2 * FRAME_TICKS;
        byte[] header = concat(new byte[] {0, 0, 1, (byte) 0xE0, 0, 0, (byte) 0x80, (byte) 0x80, 5},
                new byte[] {(byte) (0x21 | (pts >> 29 & 0x0E)), (byte) (pts >> 22), (byte) (pts >> 14 | 1), (byte) (pts >> 7), (byte) (pts << 1 | 1)});
        byte[] pes = concat(header, accessUnit);
        for (int at = 0; at < pes.length; ) {
            boolean first = at == 0;
            int room = 184 - (first && pcr >= 0 ? 8 : 0);
            int n = Math.min(room, pes.length - at);
            packet(VIDEO_PID, first, first ? pcr : -1, java.util.Arrays.copyOfRange(pes, at, at + n));
            at += n;
        }
        return this;
    }

    TsBuilder nulls(int count) {
        for (int i = 0; i < count; i++) {
            packet(0x1FFF, false, -1, new byte[184]);
        }
        return this;
    }

    TsBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** One packet: header, adaptation field for a PCR or stuffing as needed, payload of up to 184 bytes. */
    private void packet(int pid, boolean unitStart, long pcr, byte[] payload) {
        int cc = continuity.merge(pid, 1, (a, b) -> (a + b) & 0x0F);
        ByteArrayOutputStream p = new ByteArrayOutputStream(188);
        p.write(0x47);
        p.write((unitStart ? 0x40 : 0) | pid >> 8);
        p.write(pid);
        int stuffing = 184 - payload.length - (pcr >= 0 ? 8 : 0);
        boolean adaptation = pcr >= 0 || stuffing > 0;
        p.write((adaptation ? 0x30 : 0x10) | cc);
        if (adaptation) {
            int length = 183 - payload.length;
            p.write(length);
            if (length > 0) {
                p.write(pcr >= 0 ? 0x10 : 0);
                int written = 1;
                if (pcr >= 0) {
                    long base = pcr / 300;
                    long extension = pcr % 300;
                    p.writeBytes(new byte[] {(byte) (base >> 25), (byte) (base >> 17), (byte) (base >> 9), (byte) (base >> 1),
                        (byte) (base << 7 | 0x7E | extension >> 8), (byte) extension});
                    written += 6;
                }
                for (; written < length; written++) {
                    p.write(0xFF);
                }
            }
        }
        p.writeBytes(payload);
        if (timeStamped) {
            out.writeBytes(new byte[] {0x00, 0x12, 0x34, 0x56});
        }
        out.writeBytes(p.toByteArray());
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** An access unit: delimiter, parameter sets, the SEI unit given, and an IDR slice of {@code sliceBytes} of noise. */
    static byte[] accessUnit(byte[] sps, byte[] sei, int sliceBytes, Random noise) {
        byte[] slice = new byte[sliceBytes];
        noise.nextBytes(slice);
        return concat(MdpmRecords.unit(9, new byte[] {(byte) 0xF0}), MdpmRecords.unit(0x67, sps),
                MdpmRecords.unit(0x68, new byte[] {(byte) 0xEE, 0x3C, (byte) 0x80}), sei, MdpmRecords.unit(0x65, slice));
    }

    /**
     * A High profile sequence parameter set (after its header byte) for a picture of this size: whole
     * macroblocks, cropped at the right and bottom, field-coded when {@code interlaced}.
     */
    static byte[] sps(int width, int height, boolean interlaced) {
        BitWriter bits = new BitWriter();
        bits.bits(100, 8).bits(0, 8).bits(40, 8).ue(0); // profile, constraints, level 4.0, id
        bits.ue(1).ue(0).ue(0).bits(0, 1).bits(0, 1); // 4:2:0, 8 bits, no transform bypass, no scaling matrices
        bits.ue(0).ue(0).ue(4); // log2_max_frame_num, pic_order_cnt_type 0, its lsb length
        bits.ue(4).bits(0, 1); // reference frames, no gaps
        int mbWidth = (width + 15) / 16;
        int mapUnitHeight = interlaced ? 32 : 16;
        int mapUnits = (height + mapUnitHeight - 1) / mapUnitHeight;
        bits.ue(mbWidth - 1).ue(mapUnits - 1).bits(interlaced ? 0 : 1, 1);
        if (interlaced) {
            bits.bits(0, 1);
        }
        bits.bits(1, 1);
        int cropRight = mbWidth * 16 - width;
        int cropBottom = mapUnits * mapUnitHeight - height;
        if (cropRight > 0 || cropBottom > 0) {
            bits.bits(1, 1).ue(0).ue(cropRight / 2).ue(0).ue(cropBottom / (interlaced ? 4 : 2));
        } else {
            bits.bits(0, 1);
        }
        bits.bits(0, 1).bits(1, 1); // no VUI, stop bit
        return bits.bytes();
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Writes bits and exp-Golomb codes, most significant first. */
    static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        BitWriter bits(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                current = current << 1 | (int) (value >> i & 1);
                if (++count == 8) {
                    out.write(current);
                    current = 0;
                    count = 0;
                }
            }
            return this;
        }

        BitWriter ue(long value) {
            long v = value + 1;
            int length = 64 - Long.numberOfLeadingZeros(v);
            return bits(0, length - 1).bits(v, length);
        }

        BitWriter se(long value) {
            return ue(value > 0 ? 2 * value - 1 : -2 * value);
        }

        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            if (count > 0) {
                copy.write(current << (8 - count));
            }
            return copy.toByteArray();
        }
    }
}
