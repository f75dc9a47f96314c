package io.shoebox.engine.internal.media;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.shoebox.api.metadata.MediaTypes;
import io.shoebox.api.metadata.MetadataExtractor;
import io.shoebox.api.metadata.Thumbnailer;
import io.shoebox.engine.internal.values.ConfigValues;

/**
 * The metadata extractors and thumbnailers installed now, with what each claims through its
 * {@link MediaTypes} properties. For each file extension the backup uses the extractor with the
 * highest {@code service.ranking} that claims it (the one registered first on a tie), and for each
 * media type found in a file's content the thumbnailer chosen the same way; a plugin that reads a new
 * format is thus used as soon as it is installed, with nothing in the engine naming the format.
 */
@Component(service = MediaServices.class)
public class MediaServices {

    /** What a service claims, and how it ranks against others claiming the same. */
    private record Claim(List<String> types, List<String> extensions, int ranking, long serviceId) {

        static final Comparator<Claim> BEST_FIRST = Comparator.comparingInt(Claim::ranking).reversed()
                .thenComparingLong(Claim::serviceId);

        static Claim of(Map<String, Object> properties) {
            Object ranking = properties.get(Constants.SERVICE_RANKING);
            Object id = properties.get(Constants.SERVICE_ID);
            return new Claim(lowerCase(properties.get(MetadataExtractor.MEDIA_TYPES_PROPERTY)),
                    lowerCase(properties.get(MetadataExtractor.EXTENSIONS_PROPERTY)),
                    ranking instanceof Integer number ? number : 0, id instanceof Long number ? number : Long.MAX_VALUE);
        }

        private static List<String> lowerCase(Object value) {
            return ConfigValues.strings(value).stream().map(text -> text.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private final Map<MetadataExtractor, Claim> extractors = new ConcurrentHashMap<>();
    private final Map<Thumbnailer, Claim> thumbnailers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addExtractor(MetadataExtractor extractor, Map<String, Object> properties) {
        extractors.put(extractor, Claim.of(properties));
    }

    void removeExtractor(MetadataExtractor extractor) {
        extractors.remove(extractor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addThumbnailer(Thumbnailer thumbnailer, Map<String, Object> properties) {
        thumbnailers.put(thumbnailer, Claim.of(properties));
    }

    void removeThumbnailer(Thumbnailer thumbnailer) {
        thumbnailers.remove(thumbnailer);
    }

    /** The readers for one backup: the best-ranked extractor per extension and thumbnailer per media type now. */
    public MediaReaders readers() {
        return new MediaReaders(best(extractors, Claim::extensions), best(thumbnailers, Claim::types));
    }

    private static <S> Map<String, S> best(Map<S, Claim> services, Function<Claim, List<String>> keys) {
        Map<String, S> chosen = new HashMap<>();
        Map<String, Claim> chosenClaim = new HashMap<>();
        for (Map.Entry<S, Claim> service : Map.copyOf(services).entrySet()) {
            for (String key : keys.apply(service.getValue())) {
                Claim current = chosenClaim.get(key);
                if (current == null || Claim.BEST_FIRST.compare(service.getValue(), current) < 0) {
                    chosen.put(key, service.getKey());
                    chosenClaim.put(key, service.getValue());
                }
            }
        }
        return chosen;
    }
}
