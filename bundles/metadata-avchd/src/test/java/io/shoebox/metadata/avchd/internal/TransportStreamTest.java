package io.shoebox.metadata.avchd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/** Clips built in Java: the packets, tables, PES and clock references of transport streams, and their limits. */
class TransportStreamTest {

    private static final LocalDateTime RECORDED = LocalDateTime.of(2010, 7, 15, 13, 45, 30);
    private static final MdpmRecords SONY = new MdpmRecords().recorded(RECORDED, MdpmRecords.zone(60, false))
            .maker(MdpmRecords.SONY).model("HDR-CX550V").position(48.858222, 2.2945);

    static MediaMetadata extract(byte[] content) throws IOException {
        return new AvchdMetadataExtractor().extract("00000.MTS", new ByteArrayInputStream(content));
    }

    @Test
    void anAvchdClipOf192BytePackets() throws IOException {
        MediaMetadata m = extract(TsBuilder.clip(true, SONY, 1920, 1080, 50));

        assertThat(m.mediaType()).isEqualTo("video/mp2t");
        assertThat(m.takenAt()).isEqualTo(RECORDED);
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.QUICKTIME);
        assertThat(m.make()).isEqualTo("Sony");
        assertThat(m.model()).isEqualTo("HDR-CX550V");
        assertThat(m.latitude()).isCloseTo(48.858222, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(m.longitude()).isCloseTo(2.2945, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(m.width()).isEqualTo(1920);
        assertThat(m.height()).isEqualTo(1080);
        assertThat(m.durationMillis()).isEqualTo(49 * 40);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void aPlainTransportStreamOf188BytePackets() throws IOException {
        MediaMetadata m = extract(TsBuilder.clip(false, SONY, 1280, 720, 10));

        assertThat(m.takenAt()).isEqualTo(RECORDED);
        assertThat(m.width()).isEqualTo(1280);
        assertThat(m.durationMillis()).isEqualTo(9 * 40);
    }

    @Test
    void aStreamWithoutMdpmHasItsSizeAndDurationOnly() throws IOException {
        MediaMetadata m = extract(TsBuilder.clip(true, null, 720, 576, 25));

        assertThat(m.mediaType()).isEqualTo("video/mp2t");
        assertThat(m.takenAt()).isNull();
        assertThat(m.takenAtOrigin()).isNull();
        assertThat(m.make()).isNull();
        assertThat(m.width()).isEqualTo(720);
        assertThat(m.durationMillis()).isEqualTo(24 * 40);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void somethingElseIsNoTransportStream() throws IOException {
        assertThat(extract("\u00FF\u00D8\u00FF\u00E0 a JPEG, say".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).mediaType())
                .isEqualTo("application/octet-stream");
        MediaMetadata empty = extract(new byte[0]);
        assertThat(empty.mediaType()).isEqualTo("application/octet-stream");
        assertThat(empty.warnings()).containsExactly("not an MPEG transport stream");
    }

    @Test
    void tablesCutShortByTheirPacketAreIgnored() throws IOException {
        // A program map table whose pointer field puts its section in the last 8 bytes of the packet, where
        // its length (9) fits but its fixed fields do not.
        byte[] clip = TsBuilder.clip(false, SONY, 640, 480, 5);
        byte[] packet = new byte[188];
        System.arraycopy(new byte[] {0x47, 0x41, 0x00, 0x10, (byte) 175}, 0, packet, 0, 5);
        System.arraycopy(new byte[] {0x02, (byte) 0xB0, 9, 0, 1, (byte) 0xC1, 0, 0}, 0, packet, 180, 8);
        byte[] damaged = TsBuilder.concat(java.util.Arrays.copyOf(clip, 188), packet, java.util.Arrays.copyOfRange(clip, 188, clip.length));

        MediaMetadata m = extract(damaged);

        assertThat(m.warnings()).isEmpty();
        assertThat(m.takenAt()).isEqualTo(RECORDED);
    }

    @Test
    void theDurationWrapsWithTheClock() throws IOException {
        long nearWrap = (1L << 33) * 300 - 10 * TsBuilder.FRAME_TICKS * 300;
        TsBuilder ts = new TsBuilder(true).tables();
        java.util.Random noise = new java.util.Random(1);
        for (int i = 0; i < 25; i++) {
            long pcr = (nearWrap + i * TsBuilder.FRAME_TICKS * 300) % ((1L << 33) * 300);
            ts.video(pcr, TsBuilder.accessUnit(TsBuilder.sps(640, 480, false), SONY.seiUnit(), 500, noise));
        }

        assertThat(extract(ts.build()).durationMillis()).isEqualTo(24 * 40);
    }

    @Test
    void garbageBetweenPacketsCostsOnlyTheGarbage() throws IOException {
        byte[] clip = TsBuilder.clip(true, SONY, 640, 480, 20);
        int cut = 192 * 7;
        byte[] damaged = TsBuilder.concat(java.util.Arrays.copyOf(clip, cut), "some garbage \u0047 here".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.util.Arrays.copyOfRange(clip, cut, clip.length));

        MediaMetadata m = extract(damaged);

        assertThat(m.takenAt()).isEqualTo(RECORDED);
        assertThat(m.durationMillis()).isEqualTo(19 * 40);
        assertThat(m.warnings()).containsExactly("packet synchronisation lost 1 times");
    }

    @Test
    void aLongClipCostsItsHeadAndItsLastMegabyteWhenTheStreamTellsItsLength() throws IOException {
        byte[] clip = longClip();
        Counting in = new Counting(new ByteArrayInputStream(clip), true);

        MediaMetadata m = new AvchdMetadataExtractor().extract("00000.MTS", in);

        assertThat(m.takenAt()).isEqualTo(RECORDED);
        assertThat(m.durationMillis()).isEqualTo(5_499 * 40);
        assertThat(in.read).isLessThan(3L << 20).isGreaterThan(1L << 20);
    }

    @Test
    void aStreamThatDoesNotTellItsLengthIsReadToItsEnd() throws IOException {
        byte[] clip = longClip();
        Counting in = new Counting(new ByteArrayInputStream(clip), false);

        MediaMetadata m = new AvchdMetadataExtractor().extract("00000.MTS", in);

        assertThat(m.durationMillis()).isEqualTo(5_499 * 40);
        assertThat(in.read).isEqualTo(clip.length);
    }

    @Test
    void aStreamThatPromisesMoreThanItHasGivesNoDuration() throws IOException {
        byte[] clip = longClip();
        InputStream liar = new FilterInputStream(new ByteArrayInputStream(clip)) {
            @Override
            public int available() throws IOException {
                return super.available() + (64 << 20);
            }
        };

        MediaMetadata m = new AvchdMetadataExtractor().extract("00000.MTS", liar);

        assertThat(m.takenAt()).isEqualTo(RECORDED);
        assertThat(m.durationMillis()).isNull();
    }

    @Test
    void theReadLimitStopsAnEndlessStream() throws IOException {
        InputStream endless = new InputStream() {
            private final byte[] packet = TsBuilder.concat(new byte[] {0x47, 0x1F, (byte) 0xFF, 0x10}, new byte[184]);
            private long position;

            @Override
            public int read() {
                return packet[(int) (position++ % 188)] & 0xFF;
            }
        };

        MediaMetadata m = new AvchdMetadataExtractor(new ReadLimits(4 << 20, Duration.ofSeconds(5))).extract("x.mts", endless);

        assertThat(m.mediaType()).isEqualTo("video/mp2t");
        assertThat(m.durationMillis()).isNull();
        assertThat(m.warnings()).containsExactly("more than 4 MiB would have to be read; stopped");
    }

    @Test
    void theTimeLimitStopsASlowStream() throws IOException {
        byte[] clip = TsBuilder.clip(true, SONY, 640, 480, 50);
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(clip)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return super.read(b, off, Math.min(len, 192));
            }
        };

        MediaMetadata m = new AvchdMetadataExtractor(new ReadLimits(64 << 20, Duration.ofMillis(300))).extract("x.mts", slow);

        assertThat(m.warnings()).contains("reading took longer than the limit; stopped");
    }

    @Test
    void aFailureOfTheCallersStreamIsThrown() {
        byte[] clip = TsBuilder.clip(true, SONY, 640, 480, 50);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(clip)) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads > 3) {
                    throw new IOException("disk gone");
                }
                return super.read(b, off, Math.min(len, 1000));
            }
        };

        assertThatThrownBy(() -> new AvchdMetadataExtractor().extract("x.mts", failing)).hasMessage("disk gone");
    }

    /** A 3m40s clip: 40 frames with MDPM, 9 MB of null packets, then frames up to 3m39.96s. */
    private static byte[] longClip() {
        TsBuilder ts = new TsBuilder(true).tables();
        java.util.Random noise = new java.util.Random(2);
        long frame = TsBuilder.FRAME_TICKS * 300;
        for (int i = 0; i < 40; i++) {
            ts.video(i * frame, TsBuilder.accessUnit(TsBuilder.sps(1920, 1080, true), SONY.seiUnit(), 3000, noise));
        }
        ts.nulls(50_000);
        for (int i = 5_000; i < 5_500; i++) {
            ts.video(i * frame, TsBuilder.accessUnit(TsBuilder.sps(1920, 1080, true), SONY.seiUnit(), 3000, noise));
        }
        return ts.build();
    }

    /** Counts the bytes read; tells its length or not. */
    private static final class Counting extends FilterInputStream {
        long read;
        private final boolean tellsLength;

        Counting(InputStream in, boolean tellsLength) {
            super(in);
            this.tellsLength = tellsLength;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(0, n);
            return n;
        }

        @Override
        public int available() throws IOException {
            return tellsLength ? super.available() : 0;
        }

        @Override
        public long skip(long n) throws IOException {
            return tellsLength ? super.skip(n) : 0;
        }
    }
}
