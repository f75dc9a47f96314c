package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.pngChunk;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shoebox.testkit.FuzzRun;

class FuzzTest {

    private static final int CASES = Integer.getInteger("shoebox.fuzz.cases", 3000);
    private static final long SEED = Long.getLong("shoebox.fuzz.seed", 20_261_122L);
    /** Far beyond the readers' own limits (5 s for metadata, 10 s for a thumbnail): only a real hang reaches it. */
    private static final Duration PER_FILE = Duration.ofSeconds(30);
    /** Real samples larger than this are cut to it: the headers are where parsers go wrong. */
    private static final int MAX_SEED = 256 << 10;
    private static final int THUMBNAIL_EDGE = 160;

    /** Each test's own run, with its own worker thread. */
    private final FuzzRun run = new FuzzRun(PER_FILE);

    @AfterEach
    void stopWorker() {
        run.close();
    }

    @Test
    void crashReproducersOfOtherParsers() throws IOException {
        Path media = Samples.media();
        List<Path> files = Samples.fuzzingFiles(media);
        assumeTrue(!files.isEmpty(), "no crash reproducers in " + media.resolve("fuzzing"));
        for (Path file : files) {
            check(run, file.getFileName().toString(), Files.readAllBytes(file));
        }

        System.out.println(run.summary("Crash reproducers of other parsers"));
        assertThat(run.failures()).as("files that failed").isEmpty();
    }

    @Test
    void thousandsOfMutatedFiles() throws IOException {
        Map<String, byte[]> seeds = seeds();
        List<String> names = new ArrayList<>(seeds.keySet());
        for (int i = 0; i < CASES; i++) {
            Random random = new Random(SEED * 1_000_003L + i);
            String seedName = names.get(random.nextInt(names.size()));
            StringBuilder how = new StringBuilder();
            byte[] mutated = Mutations.mutate(seeds.get(seedName), random, how);
            check(run, String.format(Locale.ROOT, "%s #%d %s", seedName, i, how), mutated);
        }

        System.out.println(run.summary(String.format(Locale.ROOT, "Mutations of %d seeds (seed %d)", seeds.size(), SEED)));
        assertThat(run.cases()).isEqualTo(CASES);
        assertThat(run.failures()).as("cases that failed").isEmpty();
    }

    /** Files built here, and the real samples if the shared folder is there. */
    private static Map<String, byte[]> seeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>(builtSeeds());
        String configured = System.getProperty("shoebox.samples.media");
        Path media = configured != null && Files.isDirectory(Path.of(configured)) ? Path.of(configured) : Path.of("/work/shared/samples/media");
        if (Files.isDirectory(media)) {
            for (Path file : Samples.realFiles(media)) {
                byte[] bytes = Files.readAllBytes(file);
                seeds.put(media.relativize(file).toString(), bytes.length > MAX_SEED ? Arrays.copyOf(bytes, MAX_SEED) : bytes);
            }
        }
        return seeds;
    }

    private static Map<String, byte[]> builtSeeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        TiffBuilder exif = new TiffBuilder();
        exif.ifd0().text(TiffBuilder.MAKE, "Apple").text(TiffBuilder.MODEL, "iPhone 12 Pro").shorts(TiffBuilder.ORIENTATION, 6)
                .pointer(TiffBuilder.EXIF_IFD, exif.dir().text(TiffBuilder.DATE_TIME_ORIGINAL, "2019:06:15 12:00:00")
                        .text(TiffBuilder.OFFSET_TIME_ORIGINAL, "+02:00").text(TiffBuilder.LENS_MODEL, "back camera"))
                .pointer(TiffBuilder.GPS_IFD, exif.gps(-33.8568, 151.2153))
                .next(exif.dir().shorts(0x103, 6).blob(0x201, 0x202, jpeg(160, 120, Color.BLUE)));
        byte[] exifBlock = exif.build();
        seeds.put("built/jpeg-exif-thumbnail.jpg", TestFiles.withExif(jpeg(640, 480, Color.RED, Color.GREEN), exifBlock));
        seeds.put("built/jpeg-xmp.jpg", TestFiles.withXmp(jpeg(64, 48, Color.GRAY),
                TestFiles.xmp("photoshop:DateCreated=\"2019-06-15T12:00:00+02:00\"", "exif:GPSLatitude=\"48,9.003N\"",
                        "exif:GPSLongitude=\"11,34.5E\"", "tiff:Model=\"X-T3\"")));
        seeds.put("built/jpeg-iptc-flir.jpg", TestFiles.withIptc(TestFiles.withFlir(jpeg(64, 48, Color.GRAY),
                TestFiles.flirRecord(1_621_193_256L, 420), 3), TestFiles.iim(55, "20190615", 60, "120000+0200")));
        TiffBuilder iptcTiff = new TiffBuilder();
        iptcTiff.ifd0().text(TiffBuilder.MAKE, "Nikon").undefined(0x83BB, TestFiles.iim(55, "20190615", 60, "120000"))
                .undefined(0x8649, TestFiles.photoshopResource(0x0404, TestFiles.iim(55, "20190616", 60, "130000-0500")));
        seeds.put("built/iptc.tif", iptcTiff.build());
        seeds.put("built/heic-exif-after-meta.heic", HeifTest.heic(exifBlock, HeifTest.Layout.MEDIA_DATA_AFTER_META, 3));
        seeds.put("built/heic-exif-before-meta.heic", HeifTest.heic(exifBlock, HeifTest.Layout.MEDIA_DATA_BEFORE_META, -1));
        seeds.put("built/heic-exif-in-idat.heic", HeifTest.heic(exifBlock, HeifTest.Layout.IN_IDAT, 1));
        seeds.put("built/canon.cr3", Cr3Test.cr3(Color.BLUE, Color.RED));
        seeds.put("built/iphone.mov", concat(TestFiles.ftyp("qt  ", "qt  "), box("wide"), box("mdat", new byte[512]), Movies.moov(
                Movies.mvhd(Movies.seconds1904("2019-07-24T08:25:57Z"), 600, 2401), Movies.videoTrack(1920, 1080, 90),
                Movies.keys(Movies.keyValues("com.apple.quicktime.make", "Apple", "com.apple.quicktime.model", "iPhone 12 Pro",
                        "com.apple.quicktime.location.ISO6709", "+32.0929+034.8620+028.516/",
                        "com.apple.quicktime.creationdate", "2019-07-24T11:25:40+0300",
                        "com.apple.quicktime.content.identifier", "1745E022-9712-4E3F")),
                Movies.udta(Movies.userText("\u00A9xyz", "+32.0929+034.8620/"), box("XMP_", utf8(TestFiles.xmp("xmp:CreateDate=\"2019-07-24T08:25:40Z\"")))))));
        seeds.put("built/android.mp4", concat(TestFiles.ftyp("mp42", "isom"), Movies.moov(
                Movies.mvhd(Movies.seconds1904("2020-11-20T14:04:36Z"), 1000, 3635), Movies.videoTrack(1280, 720, 0),
                Movies.udta(Movies.userText("\u00A9day", "2020-11-20T15:04:02+0100"), box("date", utf8("2020-11-20T15:04:02+0100")))),
                box("mdat", new byte[256])));
        seeds.put("built/png-exif-xmp.png", png(exifBlock));
        seeds.put("built/webp-exif.webp", webp(exifBlock));
        seeds.put("built/avi-idit.avi", avi());
        seeds.put("built/raw.nef", nef());
        seeds.put("built/fuji.raf", raf(TestFiles.withExif(jpeg(320, 240, Color.ORANGE), exifBlock)));
        seeds.put("built/gif.gif", gif());
        seeds.put("built/sidecar.xmp", utf8(TestFiles.xmp("xmp:CreateDate=\"2014-04-27T12:42:47\"", "tiff:Make=\"Medion AG\"",
                "exif:GPSLatitude=\"53,7.95354N\"", "exif:GPSLongitude=\"8,43.15176E\"")));
        return seeds;
    }

    private static byte[] png(byte[] exif) throws IOException {
        byte[] plain = TestFiles.png(48, 32, Color.CYAN);
        byte[] header = Arrays.copyOf(plain, 8 + 25); // signature and IHDR
        byte[] rest = Arrays.copyOfRange(plain, 8 + 25, plain.length);
        String hex = java.util.HexFormat.of().formatHex(concat(ascii("Exif\0\0"), exif));
        return concat(header, pngChunk("eXIf", exif),
                pngChunk("iTXt", concat(ascii("XML:com.adobe.xmp\0\0\0\0\0"), utf8(TestFiles.xmp("xmp:CreateDate=\"2019-06-15T12:00:00\"")))),
                pngChunk("tEXt", concat(ascii("Raw profile type exif\0"), ascii("\nexif\n" + hex.length() / 2 + "\n" + hex + "\n"))),
                rest);
    }

    private static byte[] webp(byte[] exif) {
        byte[] vp8x = concat(new byte[] {0x08, 0, 0, 0}, new byte[] {47, 0, 0, 31, 0, 0});
        byte[] chunks = concat(ascii("VP8X"), le32(vp8x.length), vp8x, ascii("EXIF"), le32(exif.length), exif,
                exif.length % 2 == 1 ? new byte[1] : new byte[0]);
        return concat(ascii("RIFF"), le32(4 + chunks.length), ascii("WEBP"), chunks);
    }

    private static byte[] avi() {
        byte[] avih = new byte[56];
        put32le(avih, 0, 33_333);
        put32le(avih, 16, 90);
        put32le(avih, 32, 640);
        put32le(avih, 36, 480);
        byte[] strh = new byte[56];
        System.arraycopy(ascii("vids"), 0, strh, 0, 4);
        put32le(strh, 20, 1);
        put32le(strh, 24, 30);
        put32le(strh, 32, 90);
        byte[] idit = ascii("MON SEP 10 20:52:00 2012\n\0");
        byte[] strl = riffList("strl", riffChunk("strh", strh));
        byte[] hdrl = riffList("hdrl", riffChunk("avih", avih), strl, riffChunk("IDIT", idit));
        byte[] movi = riffList("movi", riffChunk("00dc", new byte[64]));
        byte[] body = concat(ascii("AVI "), hdrl, movi);
        return concat(ascii("RIFF"), le32(body.length), body);
    }

    private static byte[] nef() {
        TiffBuilder nef = new TiffBuilder(false);
        TiffBuilder.Dir preview = nef.dir().shorts(0x103, 6).blob(0x201, 0x202, jpeg(300, 200, Color.GREEN));
        TiffBuilder.Dir raw = nef.dir().longs(0x100, 6000).longs(0x101, 4000).shorts(0x103, 34713).shorts(0x106, 32803)
                .blob(0x111, 0x117, new byte[512]);
        nef.ifd0().longs(0x100, 160).longs(0x101, 120).text(TiffBuilder.MAKE, "NIKON CORPORATION").text(TiffBuilder.MODEL, "NIKON Z 6")
                .pointers(TiffBuilder.SUB_IFDS, preview, raw)
                .pointer(TiffBuilder.EXIF_IFD, nef.dir().text(TiffBuilder.DATE_TIME_ORIGINAL, "2021:01:01 10:00:00"));
        return nef.build();
    }

    private static byte[] raf(byte[] jpeg) {
        byte[] header = new byte[148];
        System.arraycopy(ascii("FUJIFILMCCD-RAW 0201FF383501"), 0, header, 0, 28);
        byte[] offset = u32(header.length);
        byte[] length = u32(jpeg.length);
        System.arraycopy(offset, 0, header, 84, 4);
        System.arraycopy(length, 0, header, 88, 4);
        return concat(header, jpeg);
    }

    private static byte[] gif() throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "gif", out);
        return out.toByteArray();
    }

    private static byte[] riffChunk(String id, byte[] data) {
        return concat(ascii(id), le32(data.length), data, data.length % 2 == 1 ? new byte[1] : new byte[0]);
    }

    private static byte[] riffList(String type, byte[]... chunks) {
        byte[] body = concat(ascii(type), concat(chunks));
        return concat(ascii("LIST"), le32(body.length), body);
    }

    private static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static void put32le(byte[] b, int at, long v) {
        System.arraycopy(le32(v), 0, b, at, 4);
    }

    /** Runs cases one by one on a worker thread, with a hard time limit each, and keeps the failures. */

    private static void check(FuzzRun run, String name, byte[] content) {
        run.check(name, content, bytes -> {
            new MediaMetadataExtractor().extract(name, new ByteArrayInputStream(bytes));
            new MediaThumbnailer().thumbnail("application/octet-stream", new ByteArrayInputStream(bytes), THUMBNAIL_EDGE);
            return null;
        });
    }
}
