package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.png;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The media type comes from the content; a file's name may lie. */
class MediaTypeTest {

    private static String type(String name, byte[] content) {
        return extract(name, content).mediaType();
    }

    @Test
    void picturesNamedAsSomethingElse() {
        assertThat(type("photo.jpg", png(8, 8, Color.RED))).isEqualTo("image/png");
        assertThat(type("photo.heic", jpeg(8, 8, Color.RED))).isEqualTo("image/jpeg");
        assertThat(type("photo", jpeg(8, 8, Color.RED))).isEqualTo("image/jpeg");
        assertThat(type("photo.png", concat(ascii("GIF89a"), new byte[20]))).isEqualTo("image/gif");
        assertThat(type("photo.jpg", concat(ascii("RIFF"), u32(0), ascii("WEBPVP8 ")))).isEqualTo("image/webp");
    }

    @Test
    void isoMediaFilesByTheirBrands() {
        Map<String, String> brands = Map.ofEntries(
                Map.entry("heic", "image/heic"),
                Map.entry("mif1", "image/heif"),
                Map.entry("avif", "image/avif"),
                Map.entry("crx ", "image/x-canon-cr3"),
                Map.entry("qt  ", "video/quicktime"),
                Map.entry("isom", "video/mp4"),
                Map.entry("mp42", "video/mp4"),
                Map.entry("M4V ", "video/x-m4v"),
                Map.entry("3gp5", "video/3gpp"));
        brands.forEach((brand, mediaType) ->
                assertThat(type("file.jpg", concat(ftyp(brand, brand), box("free")))).as(brand).isEqualTo(mediaType));
        assertThat(type("clip.mp4", concat(ftyp("isom", "iso2", "M4V "), box("free")))).isEqualTo("video/x-m4v");
        assertThat(type("old.mp4", concat(box("mdat", new byte[16]), box("moov")))).isEqualTo("video/quicktime");
    }

    @Test
    void rawsByTheirHeaders() {
        assertThat(type("x.jpg", concat(ascii("II*\0"), u32(0x10000000L), ascii("CR\2\0"), new byte[8]))).isEqualTo("image/x-canon-cr2");
        assertThat(type("x.jpg", concat(ascii("IIRO"), new byte[12]))).isEqualTo("image/x-olympus-orf");
        assertThat(type("x.jpg", concat(ascii("IIU\0"), new byte[12]))).isEqualTo("image/x-panasonic-rw2");
        assertThat(type("x.jpg", concat(ascii("FUJIFILMCCD-RAW 0201FF383501"), new byte[100]))).isEqualTo("image/x-fuji-raf");
    }

    @Test
    void tiffStructuredRawsByWhatTheirDirectoriesSay() {
        TiffBuilder dng = new TiffBuilder(true);
        dng.ifd0().text(TiffBuilder.MAKE, "Canon").undefined(0xC612, new byte[] {1, 4, 0, 0});
        TiffBuilder nef = new TiffBuilder();
        nef.ifd0().text(TiffBuilder.MAKE, "NIKON CORPORATION").pointer(TiffBuilder.SUB_IFDS, nef.dir().shorts(0x106, 32803));
        TiffBuilder arw = new TiffBuilder(true);
        arw.ifd0().text(TiffBuilder.MAKE, "SONY").pointer(TiffBuilder.SUB_IFDS, arw.dir().shorts(0x106, 32803));
        TiffBuilder scan = new TiffBuilder();
        scan.ifd0().text(TiffBuilder.MAKE, "Nikon").shorts(0x106, 2);

        assertThat(type("a.tif", dng.build())).isEqualTo("image/x-adobe-dng");
        assertThat(type("a.tif", nef.build())).isEqualTo("image/x-nikon-nef");
        assertThat(type("a.tif", arw.build())).isEqualTo("image/x-sony-arw");
        assertThat(type("a.nef", scan.build())).isEqualTo("image/tiff");
    }

    @Test
    void videosAndSidecars() {
        assertThat(type("clip.mov", concat(ascii("RIFF"), u32(4), ascii("AVI LIST")))).isEqualTo("video/x-msvideo");
        assertThat(type("IMG_0001.xmp", ascii("<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'/>"))).isEqualTo("application/rdf+xml");
        assertThat(type("IMG_0001.AAE", ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n\t<key>adjustmentBaseVersion</key>")))
                .isEqualTo("application/x-apple-aae");
    }

    @Test
    void unknownAndEmptyContent() {
        assertThat(type("notes.jpg", ascii("just some text"))).isEqualTo("application/octet-stream");
        assertThat(type("empty.jpg", new byte[0])).isEqualTo("application/octet-stream");
        assertThat(extract("empty.jpg", new byte[0]).warnings()).isEmpty();
    }
}
