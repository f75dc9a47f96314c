package io.shoebox.catalog.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.shoebox.api.snapshot.SnapshotFile;

/**
 * Turns the files of one folder into items: sidecars ({@code X.xmp}, {@code X.EXT.xmp},
 * {@code X.aae}) are attached to their photo instead of being items of their own, and the photo
 * and the video of a Live Photo ({@code X.HEIC} or {@code X.JPG} with {@code X.MOV}) point at each
 * other. Names are compared ignoring case. A sidecar whose photo is not there stays an item.
 */
final class FolderFiles {

    static final Set<String> SIDECAR_EXTENSIONS = Set.of("xmp", "aae");
    /** Photo halves of a Live Photo, preferred in this order when one video has several. */
    static final List<String> LIVE_PHOTO_EXTENSIONS = List.of("heic", "heif", "jpg", "jpeg");
    static final Set<String> LIVE_VIDEO_EXTENSIONS = Set.of("mov");

    private FolderFiles() {
    }

    static List<CatalogFile> arrange(List<SnapshotFile> files) {
        int count = files.size();
        String[] names = new String[count];
        boolean[] sidecar = new boolean[count];
        Map<String, List<Integer>> byName = new HashMap<>();
        Map<String, List<Integer>> byStem = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            names[i] = CatalogFile.nameOf(files.get(i).path()).toLowerCase(Locale.ROOT);
            sidecar[i] = SIDECAR_EXTENSIONS.contains(extension(names[i]));
            if (!sidecar[i]) {
                byName.computeIfAbsent(names[i], k -> new ArrayList<>()).add(i);
                byStem.computeIfAbsent(stem(names[i]), k -> new ArrayList<>()).add(i);
            }
        }

        List<List<String>> sidecars = new ArrayList<>(count);
        String[] pairs = new String[count];
        for (int i = 0; i < count; i++) {
            sidecars.add(null);
        }
        boolean[] attached = new boolean[count];
        for (int i = 0; i < count; i++) {
            if (!sidecar[i]) {
                continue;
            }
            String base = stem(names[i]);
            List<Integer> owners = new ArrayList<>(byName.getOrDefault(base, List.of()));
            for (int owner : byStem.getOrDefault(base, List.of())) {
                if (!owners.contains(owner)) {
                    owners.add(owner);
                }
            }
            for (int owner : owners) {
                if (sidecars.get(owner) == null) {
                    sidecars.set(owner, new ArrayList<>());
                }
                sidecars.get(owner).add(files.get(i).path());
                attached[i] = true;
            }
        }

        for (List<Integer> sameStem : byStem.values()) {
            if (sameStem.size() < 2) {
                continue;
            }
            List<Integer> photos = new ArrayList<>();
            Integer video = null;
            for (int i : sameStem) {
                String extension = extension(names[i]);
                if (LIVE_PHOTO_EXTENSIONS.contains(extension)) {
                    photos.add(i);
                } else if (LIVE_VIDEO_EXTENSIONS.contains(extension) && video == null) {
                    video = i;
                }
            }
            if (video == null || photos.isEmpty()) {
                continue;
            }
            photos.sort((a, b) -> LIVE_PHOTO_EXTENSIONS.indexOf(extension(names[a]))
                    - LIVE_PHOTO_EXTENSIONS.indexOf(extension(names[b])));
            pairs[video] = files.get(photos.get(0)).path();
            for (int photo : photos) {
                pairs[photo] = files.get(video).path();
            }
        }

        List<CatalogFile> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (attached[i]) {
                continue;
            }
            SnapshotFile file = files.get(i);
            FileFacts facts = FileFacts.of(file);
            if (sidecars.get(i) != null) {
                facts = facts.withSidecars(sidecars.get(i));
            }
            if (pairs[i] != null) {
                facts = facts.withLivePair(pairs[i]);
            }
            items.add(new CatalogFile(file.path(), CatalogFile.folderOf(file.path()), CatalogFile.nameOf(file.path()), facts));
        }
        return items;
    }

    /** Whether a file can be the photo half of a Live Photo. */
    static boolean livePhoto(CatalogFile file) {
        String type = file.facts().mediaType();
        return type != null ? type.startsWith("image/")
                : LIVE_PHOTO_EXTENSIONS.contains(extension(file.name().toLowerCase(Locale.ROOT)));
    }

    /** Whether a file can be the video half of a Live Photo. */
    static boolean liveVideo(CatalogFile file) {
        String type = file.facts().mediaType();
        return type != null ? type.startsWith("video/")
                : LIVE_VIDEO_EXTENSIONS.contains(extension(file.name().toLowerCase(Locale.ROOT)));
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
