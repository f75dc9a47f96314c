package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.Movies.keyValues;
import static io.shoebox.metadata.media.internal.Movies.keys;
import static io.shoebox.metadata.media.internal.Movies.moov;
import static io.shoebox.metadata.media.internal.Movies.mvhd;
import static io.shoebox.metadata.media.internal.Movies.seconds1904;
import static io.shoebox.metadata.media.internal.Movies.udta;
import static io.shoebox.metadata.media.internal.Movies.videoTrack;
import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.fullBox;
import static io.shoebox.metadata.media.internal.TestFiles.u16;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.u64;
import static io.shoebox.metadata.media.internal.TestFiles.utf8;
import static io.shoebox.metadata.media.internal.TestFiles.xmp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;

/** QuickTime and MP4 movies: movie header, tracks, Apple's keys, user data, XMP. */
class QuickTimeTest {

    @Test
    void anIPhoneMovie() {
        byte[] movie = concat(ftyp("qt  ", "qt  "), box("wide"), box("mdat", new byte[1000]), moov(
                mvhd(seconds1904("2019-07-24T08:25:57Z"), 600, 2401),
                videoTrack(1920, 1080, 90),
                keys(keyValues(
                        "com.apple.quicktime.make", "Apple",
                        "com.apple.quicktime.model", "iPhone 12 Pro",
                        "com.apple.quicktime.camera.lens_model", "iPhone 12 Pro back camera 4.2mm f/1.6",
                        "com.apple.quicktime.location.ISO6709", "+32.0929+034.8620+028.516/",
                        "com.apple.quicktime.creationdate", "2019-07-24T11:25:40+0300",
                        "com.apple.quicktime.content.identifier", "1745E022-9712-4E3F-A2C9-6B2C2E9C2B5A"))));

        MediaMetadata m = extract("IMG_0001.MOV", movie);

        assertThat(m.mediaType()).isEqualTo("video/quicktime");
        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2019, 7, 24, 11, 25, 40));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(3));
        assertThat(m.make()).isEqualTo("Apple");
        assertThat(m.model()).isEqualTo("iPhone 12 Pro");
        assertThat(m.lens()).isEqualTo("iPhone 12 Pro back camera 4.2mm f/1.6");
        assertThat(m.latitude()).isEqualTo(32.0929);
        assertThat(m.longitude()).isEqualTo(34.862);
        assertThat(m.altitude()).isEqualTo(28.516);
        assertThat(m.width()).isEqualTo(1920);
        assertThat(m.height()).isEqualTo(1080);
        assertThat(m.orientation()).isEqualTo(6);
        assertThat(m.durationMillis()).isEqualTo(4001);
        assertThat(m.contentIdentifier()).isEqualTo("1745E022-9712-4E3F-A2C9-6B2C2E9C2B5A");
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void rotationsOfTheVideoTrackAreOrientations() {
        for (int[] rotation : new int[][] {{0, 1}, {90, 6}, {180, 3}, {270, 8}}) {
            byte[] movie = concat(ftyp("mp42"), moov(mvhd(0, 600, 600), videoTrack(640, 480, rotation[0])));

            assertThat(extract("a.mp4", movie).orientation()).as("%d degrees", rotation[0]).isEqualTo(rotation[1]);
        }
    }

    @Test
    void anItemListWithoutKeys_asGooglePhotosWritesThePlace() {
        byte[] place = box("\u00A9xyz", box("data", u32(1), u32(0), utf8("+12.5000-077.2500/")));
        byte[] day = box("\u00A9day", box("data", u32(1), u32(0), utf8("2019-01-02T03:04:05+0200")));
        byte[] meta = fullBox("meta", 0, 0, fullBox("hdlr", 0, 0, u32(0), ascii("mdir"), ascii("appl"), new byte[9]),
                box("ilst", place, day));
        byte[] movie = concat(ftyp("mp42", "isom"), moov(mvhd(seconds1904("2019-01-02T01:04:09Z"), 1000, 1000), udta(meta)));

        MediaMetadata m = extract("PXL_edited.mp4", movie);

        assertThat(m.latitude()).isCloseTo(12.5, within(1e-6));
        assertThat(m.longitude()).isCloseTo(-77.25, within(1e-6));
        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2019, 1, 2, 3, 4, 5));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void anAndroidMovieWith3gppLocationAndDate() {
        byte[] loci = fullBox("loci", 0, 0, u16(0x55C4), new byte[] {0}, new byte[] {0},
                u32(Math.round(6.676086 * 65536)), u32(Math.round(52.369293 * 65536)), u32(Math.round(10.5 * 65536)),
                TestFiles.cstring("earth"), new byte[] {0});
        byte[] movie = concat(ftyp("mp42", "isom"), moov(
                mvhd(seconds1904("2020-11-20T14:04:36Z"), 1000, 3635),
                videoTrack(1280, 720, 0),
                udta(loci, box("date", utf8("2020-11-20T15:04:02+0100")))));

        MediaMetadata m = extract("VID_20201120_150402.mp4", movie);

        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2020, 11, 20, 15, 4, 2));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(m.latitude()).isCloseTo(52.369293, within(1e-4));
        assertThat(m.longitude()).isCloseTo(6.676086, within(1e-4));
        assertThat(m.durationMillis()).isEqualTo(3635);
    }

    @Test
    void xmpInAUuidBoxAndInUserData() {
        String packet = xmp("xmp:CreateDate=\"2020-01-05T15:04:00Z\"", "tiff:Model=\"HERO9 Black\"");
        byte[] uuid = concat(u32(8 + 16 + utf8(packet).length), ascii("uuid"),
                new byte[] {(byte) 0xBE, 0x7A, (byte) 0xCF, (byte) 0xCB, (byte) 0x97, (byte) 0xA9, 0x42, (byte) 0xE8,
                    (byte) 0x9C, 0x71, (byte) 0x99, (byte) 0x94, (byte) 0x91, (byte) 0xE3, (byte) 0xAF, (byte) 0xAC},
                utf8(packet));
        byte[] mp4 = concat(ftyp("mp42"), moov(mvhd(0, 600, 600)), uuid);
        byte[] mov = concat(ftyp("qt  "), moov(mvhd(0, 600, 600), udta(box("XMP_", utf8(packet)))));

        for (byte[] movie : new byte[][] {mp4, mov}) {
            MediaMetadata m = extract("GX010001.MP4", movie);
            assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2020, 1, 5, 15, 4));
            assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(m.model()).isEqualTo("HERO9 Black");
        }
    }

    /**
     * A five-gigabyte media data box (with a 64-bit size) before the movie box costs a skip: the stream
     * here makes its bytes up as they are asked for and counts the ones read.
     */
    @Test
    void gigabytesOfMediaDataAreSkippedNotRead() throws IOException {
        long mediaBytes = 5L << 30;
        byte[] head = concat(ftyp("qt  "), u32(1), ascii("mdat"), u64(16 + mediaBytes));
        byte[] tail = moov(mvhd(seconds1904("2021-03-01T09:00:00Z"), 600, 1200), videoTrack(3840, 2160, 0));
        VirtualFile file = new VirtualFile(head, mediaBytes, tail);

        MediaMetadata m = new MediaMetadataExtractor().extract("IMG_0002.MOV", file);

        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2021, 3, 1, 9, 0));
        assertThat(m.width()).isEqualTo(3840);
        assertThat(file.bytesRead).isLessThan(64 * 1024);
    }

    /** {@code head}, then {@code gap} zero bytes that exist only when read, then {@code tail}. */
    static final class VirtualFile extends InputStream {
        private final byte[] head;
        private final long gap;
        private final byte[] tail;
        private long position;
        long bytesRead;

        VirtualFile(byte[] head, long gap, byte[] tail) {
            this.head = head;
            this.gap = gap;
            this.tail = tail;
        }

        private long length() {
            return head.length + gap + tail.length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length()) {
                return -1;
            }
            int n = (int) Math.min(len, length() - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = p < head.length ? head[(int) p]
                        : p < head.length + gap ? 0 : tail[(int) (p - head.length - gap)];
            }
            position += n;
            bytesRead += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, length() - position));
            position += skipped;
            return skipped;
        }
    }
}
