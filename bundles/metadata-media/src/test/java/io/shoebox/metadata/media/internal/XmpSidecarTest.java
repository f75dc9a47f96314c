package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

class XmpSidecarTest {

    private static final String SIDECAR = """
            <?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about=""
                xmlns:exif="http://ns.adobe.com/exif/1.0/"
                xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
                xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
                xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/"
               photoshop:DateCreated="2014-04-27T12:42:47+02:00"
               xmp:CreateDate="2014-04-28T00:00:00"
               tiff:Make="FUJIFILM"
               tiff:Model="X-T3"
               tiff:Orientation="6"
               aux:Lens="XF16-55mmF2.8 R LM WR"
               exif:GPSLatitude="53,7.95354N"
               exif:GPSLongitude="8,43.15176W"
               exif:GPSAltitude="152/10"
               exif:GPSAltitudeRef="1"/>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;

    @Test
    void readsDateCameraLensAndPlace() {
        MediaMetadata m = extract("DSCF0001.RAF.xmp", utf8(SIDECAR));

        assertThat(m.mediaType()).isEqualTo("application/rdf+xml");
        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2014, 4, 27, 12, 42, 47));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.XMP);
        assertThat(m.make()).isEqualTo("FUJIFILM");
        assertThat(m.model()).isEqualTo("X-T3");
        assertThat(m.lens()).isEqualTo("XF16-55mmF2.8 R LM WR");
        assertThat(m.orientation()).isEqualTo(6);
        assertThat(m.latitude()).isCloseTo(53.132559, within(1e-6));
        assertThat(m.longitude()).isCloseTo(-8.719196, within(1e-6));
        assertThat(m.altitude()).isCloseTo(-15.2, within(1e-9));
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void aBrokenSidecarIsAWarning() {
        MediaMetadata m = extract("a.xmp", utf8("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><unclosed"));

        assertThat(m.mediaType()).isEqualTo("application/rdf+xml");
        assertThat(m.takenAt()).isNull();
        assertThat(m.warnings()).isNotEmpty();
    }

    @Test
    void aSidecarWithADocumentTypeIsNotExpanded() {
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&d;</x:xmpmeta>";

        MediaMetadata m = extract("a.xmp", utf8(billionLaughs));

        assertThat(m.mediaType()).isEqualTo("application/rdf+xml");
        assertThat(m.warnings()).isNotEmpty();
    }
}
