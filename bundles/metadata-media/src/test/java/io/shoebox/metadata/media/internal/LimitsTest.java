package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.Movies.moov;
import static io.shoebox.metadata.media.internal.Movies.mvhd;
import static io.shoebox.metadata.media.internal.Movies.seconds1904;
import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.pngChunk;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.withExif;
import static io.shoebox.metadata.media.internal.TestFiles.withXmp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.shoebox.api.metadata.MediaMetadata;

/** What one file may cost, and what happens when it asks for more. */
class LimitsTest {

    private static final byte[] PHOTO = withExif(jpeg(64, 48, Color.GRAY),
            TiffBuilder.exif("Canon", "Canon EOS R5", "2019:06:15 12:00:00", null));

    @Test
    void aJpegsMetadataCostsItsHeaderSegmentsOnly() throws IOException {
        byte[] photo = withExif(jpeg(3000, 2000, Color.RED, Color.BLUE), TiffBuilder.exif("Canon", "Canon EOS R5", "2019:06:15 12:00:00", null));
        ThumbnailTest.CountingStream stream = new ThumbnailTest.CountingStream(new ByteArrayInputStream(photo));

        MediaMetadata m = new MediaMetadataExtractor().extract("a.jpg", stream);

        assertThat(m.model()).isEqualTo("Canon EOS R5");
        assertThat(stream.count).as("bytes read of %d", photo.length).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void aFileNeedingMoreBytesThanAllowedGetsAWarning() throws IOException {
        byte[] bigHeader = withXmp(PHOTO, TestFiles.xmp("xmp:Label=\"" + "x".repeat(60_000) + "\""));
        MediaMetadataExtractor extractor = new MediaMetadataExtractor(new ReadLimits(10_000, Duration.ofSeconds(5)));

        MediaMetadata m = extractor.extract("a.jpg", new ByteArrayInputStream(bigHeader));

        assertThat(m.mediaType()).isEqualTo("image/jpeg");
        assertThat(m.warnings()).anyMatch(w -> w.contains("MiB") || w.contains("limit"));
    }

    @Test
    void aFileThatTakesTooLongGetsAWarningSoonAfterTheDeadline() throws IOException {
        MediaMetadataExtractor extractor = new MediaMetadataExtractor(new ReadLimits(1 << 20, Duration.ofMillis(300)));
        InputStream slow = new SlowStream(new ByteArrayInputStream(withXmp(PHOTO, TestFiles.xmp("xmp:Label=\"" + "x".repeat(5000) + "\""))));

        long start = System.nanoTime();
        MediaMetadata m = extractor.extract("a.jpg", slow);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(m.warnings()).anyMatch(w -> w.contains("longer than the limit"));
        assertThat(new MediaThumbnailer(new ReadLimits(1 << 20, Duration.ofMillis(300)))
                .thumbnail("image/jpeg", new SlowStream(new ByteArrayInputStream(PHOTO)), 64)).isNull();
    }

    @Test
    void aFailureOfTheStreamItselfReachesTheCaller_evenWhereAParserWouldSwallowIt() {
        IOException broken = new IOException("disk gone");
        // metadata-extractor's TIFF reader records read errors and carries on: the make lies past byte 5000.
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().text(TiffBuilder.MAKE, "Canon" + " ".repeat(9000)).text(TiffBuilder.MODEL, "Canon EOS R5");
        Map<byte[], Integer> failingAt = Map.of(
                PHOTO, 30,
                tiff.build(), 5000,
                concat(ftyp("qt  "), box("mdat", new byte[9000]), moov(mvhd(0, 600, 600))), 5000);
        failingAt.forEach((content, at) -> assertThatThrownBy(
                () -> new MediaMetadataExtractor().extract("a", new FailingStream(content, at, broken))).isSameAs(broken));
        // A JPEG without a preview is decoded by Image I/O, which wraps what the stream throws.
        byte[] photo = jpeg(1000, 800, Color.RED, Color.BLUE);
        assertThatThrownBy(() -> new MediaThumbnailer().thumbnail("image/jpeg", new FailingStream(photo, photo.length - 100, broken), 64))
                .isSameAs(broken);
    }

    @Test
    void aStreamThatCannotSkipIsReadInsteadAndThatCounts() throws IOException {
        byte[] movie = concat(ftyp("qt  "), box("mdat", new byte[3 << 20]), moov(mvhd(seconds1904("2020-01-01T00:00:00Z"), 600, 600)));

        MediaMetadata enough = new MediaMetadataExtractor().extract("a.mov", new NoSkipStream(movie));
        MediaMetadata tooLittle = new MediaMetadataExtractor(new ReadLimits(1 << 20, Duration.ofSeconds(5)))
                .extract("a.mov", new NoSkipStream(movie));

        assertThat(enough.takenAt()).isNotNull();
        assertThat(tooLittle.takenAt()).isNull();
        assertThat(tooLittle.warnings()).anyMatch(w -> w.contains("MiB"));
    }

    /** Files of a few hundred bytes whose length fields claim gigabytes. */
    static Map<String, byte[]> hostileLengths() {
        byte[] pngSignature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        byte[] ihdr = pngChunk("IHDR", concat(u32(10), u32(10), new byte[] {8, 2, 0, 0, 0}));
        return Map.of(
                "PNG eXIf chunk of 2 GB", concat(pngSignature, ihdr, u32(0x7FFF_FFF0L), ascii("eXIf"), new byte[200]),
                "WebP EXIF chunk of 2 GB", concat(ascii("RIFF"), u32(0xFFFF_FFF0L), ascii("WEBP"), ascii("EXIF"),
                        new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F}, new byte[200]),
                "QuickTime meta box of 2 GB", concat(ftyp("qt  "), u32(0x100), ascii("moov"), u32(0x7FFF_FFF0L), ascii("meta"), new byte[200]),
                "AVI header chunk of 4 GB", concat(ascii("RIFF"), u32(1000), ascii("AVI "), ascii("LIST"), u32(0xFFFF_FFF0L),
                        ascii("hdrl"), ascii("avih"), u32(0xFFFF_FFF0L), new byte[200]),
                "TIFF strip counts of 1 billion", concat(ascii("MM"), new byte[] {0, 42}, u32(8), new byte[] {0, 1},
                        new byte[] {1, 0x11}, new byte[] {0, 4}, u32(1_000_000_000L), u32(100), new byte[200]),
                "HEIF meta box of 4 GB", concat(ftyp("heic", "mif1"), u32(0xFFFF_FFF0L), ascii("meta"), new byte[200]),
                "Apple maker note property list of 2 billion objects", appleMakerNoteWithHostilePropertyList(),
                "extended XMP of 2 GB", extendedXmpOf2Gigabytes());
    }

    /** A JPEG whose XMP announces extended XMP, and an extension segment claiming a full length of 2 GB. */
    private static byte[] extendedXmpOf2Gigabytes() {
        String guid = "0123456789ABCDEF0123456789ABCDEF";
        byte[] extension = concat(ascii("http://ns.adobe.com/xmp/extension/\0"), ascii(guid), u32(0x7FFF_FFF0L), u32(0),
                TestFiles.utf8("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"));
        // Each segment goes in right after the start marker: the standard XMP ends up first, as it must.
        byte[] withExtension = TestFiles.withApp1(jpeg(16, 16, Color.GRAY), extension);
        return withXmp(withExtension, TestFiles.xmp("xmpNote:HasExtendedXMP=\"" + guid + "\""));
    }

    /**
     * An iPhone JPEG whose maker note's RunTime property list claims 2^31 - 1 objects: metadata-extractor's
     * property list reader would size an array by that count.
     */
    private static byte[] appleMakerNoteWithHostilePropertyList() {
        byte[] plist = concat(ascii("bplist00"), new byte[8], new byte[6], new byte[] {1, 1},
                TestFiles.u64(0x7FFF_FFFFL), TestFiles.u64(0), TestFiles.u64(8));
        byte[] makerNote = concat(ascii("Apple iOS\0"), new byte[] {0, 1}, ascii("MM"),
                new byte[] {0, 1}, new byte[] {0, 3}, new byte[] {0, 7}, u32(plist.length), u32(32), u32(0), plist);
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().text(TiffBuilder.MAKE, "Apple").text(TiffBuilder.MODEL, "iPhone X")
                .pointer(TiffBuilder.EXIF_IFD, tiff.dir().undefined(0x927C, makerNote));
        return withExif(jpeg(16, 16, Color.GRAY), tiff.build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLengthNames")
    void aLengthFieldClaimingGigabytesCostsOnlyTheBytesThatAreThere(String name) throws IOException {
        byte[] content = hostileLengths().get(name);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        MediaMetadata m = new MediaMetadataExtractor().extract("x", new ByteArrayInputStream(content));
        new MediaThumbnailer().thumbnail(m.mediaType(), new ByteArrayInputStream(content), 256);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated").isLessThan(32L << 20);
    }

    static java.util.stream.Stream<String> hostileLengthNames() {
        return hostileLengths().keySet().stream().sorted();
    }

    /** Hands out one byte at a time, slowly. */
    static final class SlowStream extends FilterInputStream {
        SlowStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            pause();
            return super.read(b, off, Math.min(len, 1));
        }

        @Override
        public int read() throws IOException {
            pause();
            return super.read();
        }

        @Override
        public long skip(long n) throws IOException {
            pause();
            return super.skip(Math.min(n, 1));
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives {@code good} bytes of {@code content}, then fails. */
    static final class FailingStream extends InputStream {
        private final byte[] content;
        private final int good;
        private final IOException failure;
        private int position;

        FailingStream(byte[] content, int good, IOException failure) {
            this.content = content;
            this.good = good;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= good) {
                throw failure;
            }
            int n = Math.min(len, Math.min(good, content.length) - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(content, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (position + n > good) {
                throw failure;
            }
            position += (int) n;
            return n;
        }
    }

    /** A stream whose {@code skip} never skips. */
    static final class NoSkipStream extends ByteArrayInputStream {
        NoSkipStream(byte[] content) {
            super(content);
        }

        @Override
        public synchronized long skip(long n) {
            return 0;
        }
    }
}
