package io.shoebox.metadata.avchd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.metadata.MediaTypes;
import io.shoebox.api.metadata.MetadataExtractor;

/**
 * Reads the date recorded, camera, place, picture size and duration of AVCHD camcorder clips (Sony,
 * Panasonic, Canon, JVC, 2006 to 2015 or so): MPEG transport streams of H.264 video whose SEI messages
 * carry the camera's MDPM records ({@link Mdpm}).
 *
 * <p>The date is when recording began, in the camera's local time with its zone when set; its origin is
 * {@link TakenAtOrigin#QUICKTIME}, the origin of a video's own recording date (AVI's too), since the
 * stream is a video container's, not EXIF. A transport stream without MDPM (a broadcast recording) gets
 * its size and duration only. Each file is read under {@link ReadLimits#METADATA}; whatever goes wrong
 * inside it becomes a warning on the result, with the values that could still be read.
 */
@Component(service = MetadataExtractor.class)
@MediaTypes(types = {"video/mp2t"}, extensions = {"mts", "m2ts"})
public class AvchdMetadataExtractor implements MetadataExtractor {

    static final String MEDIA_TYPE = "video/mp2t";
    private static final String UNKNOWN = "application/octet-stream";
    private static final int MAX_WARNING_LENGTH = 300;

    private final ReadLimits limits;

    public AvchdMetadataExtractor() {
        this(ReadLimits.METADATA);
    }

    AvchdMetadataExtractor(ReadLimits limits) {
        this.limits = limits;
    }

    @Override
    public MediaMetadata extract(String fileName, InputStream content) throws IOException {
        GuardedInputStream in = new GuardedInputStream(content, limits);
        Clip clip = new Clip();
        List<String> warnings = new ArrayList<>();
        try {
            TransportStreamReader.read(in, clip);
        } catch (IOException e) {
            if (e == in.sourceFailure()) {
                throw e;
            }
            warnings.add(describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            warnings.add(describe(e));
        }
        if (in.sourceFailure() != null) {
            throw in.sourceFailure();
        }
        if (in.exceeded() != null && !warnings.contains(in.exceeded().getMessage())) {
            warnings.add(in.exceeded().getMessage());
        }
        warnings.addAll(0, clip.problems);
        return metadata(clip, warnings);
    }

    private static MediaMetadata metadata(Clip clip, List<String> warnings) {
        if (!clip.transportStream) {
            if (warnings.isEmpty()) {
                warnings.add("not an MPEG transport stream");
            }
            return MediaMetadata.unknown(UNKNOWN, warnings);
        }
        Mdpm mdpm = clip.video.mdpm != null ? clip.video.mdpm : new Mdpm(null, null, null, null, null, null, null);
        SequenceParameterSet size = clip.video.size;
        return new MediaMetadata(MEDIA_TYPE, mdpm.recorded(), mdpm.offset(),
                mdpm.recorded() == null ? null : TakenAtOrigin.QUICKTIME, mdpm.make(), mdpm.model(), null,
                mdpm.latitude(), mdpm.longitude(), mdpm.altitude(), size == null ? null : size.width(),
                size == null ? null : size.height(), null, clip.durationMillis, null,
                warnings.stream().map(AvchdMetadataExtractor::shorten).toList());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e instanceof ReadLimitException ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String shorten(String warning) {
        return warning.length() <= MAX_WARNING_LENGTH ? warning : warning.substring(0, MAX_WARNING_LENGTH) + "...";
    }
}
