package io.shoebox.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/** Small text sidecars as photo apps write them: Apple's {@code .AAE} edit lists and XMP. */
final class Sidecars {

    private Sidecars() {
    }

    static String aae(Shot shot, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 300 + random.nextInt(600); i++) {
            data.append((char) ('A' + random.nextInt(26)));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                \t<key>adjustmentBaseVersion</key>
                \t<integer>0</integer>
                \t<key>adjustmentData</key>
                \t<data>
                \t%s
                \t</data>
                \t<key>adjustmentEditorBundleID</key>
                \t<string>com.apple.mobileslideshow</string>
                \t<key>adjustmentFormatIdentifier</key>
                \t<string>com.apple.photo</string>
                \t<key>adjustmentFormatVersion</key>
                \t<string>1.5</string>
                \t<key>adjustmentTimestamp</key>
                \t<date>%sZ</date>
                </dict>
                </plist>
                """.formatted(data, shot.taken().plusDays(1));
    }

    static String xmp(Shot shot, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return String.format(Locale.ROOT, """
                <x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about=""
                    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
                    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
                    xmlns:exif="http://ns.adobe.com/exif/1.0/"
                    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
                   xmp:Rating="%d"
                   xmp:CreateDate="%s"
                   xmpMM:DocumentID="xmp.did:%s"
                   tiff:Make="%s"
                   tiff:Model="%s"
                   crs:Exposure2012="%+.2f"
                   crs:Contrast2012="%d"
                   crs:Highlights2012="%d"
                   crs:Shadows2012="%d"
                   crs:WhiteBalance="As Shot"/>
                 </rdf:RDF>
                </x:xmpmeta>
                """, random.nextInt(6), shot.taken(), new UUID(random.nextLong(), random.nextLong()),
                shot.make(), shot.model(), (random.nextDouble() - 0.5) * 2, random.nextInt(-50, 50),
                random.nextInt(-100, 0), random.nextInt(0, 100));
    }
}
