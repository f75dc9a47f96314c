package io.shoebox.metadata.media.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shoebox.metadata.media.internal.BoxData.Box;

/**
 * The {@code meta} box of a HEIF file (HEIC, AVIF): which items there are ({@code iinf}), where their
 * data lies ({@code iloc}), which is the primary picture ({@code pitm}), what describes what
 * ({@code iref}) and the picture's properties ({@code iprp}: size, rotation, mirroring).
 */
final class HeifMeta {

    /** Where an item's bytes are: in the file, or in the meta box's own {@code idat}. */
    record Extent(long offset, long length) {
    }

    record Item(long id, String type, String contentType) {
    }

    /** A cap on items, against boxes that claim millions. */
    private static final int MAX_ITEMS = 65_536;

    private long primary = -1;
    private final Map<Long, Item> items = new HashMap<>();
    private final Map<Long, List<Extent>> extents = new HashMap<>();
    private final Map<Long, Integer> constructionMethods = new HashMap<>();
    private final Map<Long, List<Long>> describes = new HashMap<>();
    private final List<Box> properties = new ArrayList<>();
    private final Map<Long, List<Integer>> associations = new HashMap<>();
    private byte[] payload;
    private Box idat;

    /** Parses the payload of a {@code meta} box; parts that are malformed are left out and reported. */
    static HeifMeta parse(byte[] payload, IsoMedia media) {
        HeifMeta meta = new HeifMeta();
        meta.payload = payload;
        BoxData data = new BoxData(payload);
        List<Box> boxes;
        try {
            data.skip(4); // version and flags
            boxes = data.boxes();
        } catch (BoxData.Malformed e) {
            media.problem("HEIF meta box: " + e.getMessage());
            return meta;
        }
        for (Box box : boxes) {
            try {
                switch (box.type()) {
                    case "pitm" -> meta.readPrimary(box.payload(payload));
                    case "iinf" -> meta.readItemInfo(box.payload(payload));
                    case "iloc" -> meta.readLocations(box.payload(payload));
                    case "iref" -> meta.readReferences(box.payload(payload));
                    case "iprp" -> meta.readProperties(box.payload(payload));
                    case "idat" -> meta.idat = box;
                    default -> {
                        // hdlr, dinf, grpl, ...: nothing we need
                    }
                }
            } catch (BoxData.Malformed e) {
                media.problem("HEIF " + box.type() + " box: " + e.getMessage());
            }
        }
        meta.offerPrimary(media);
        return meta;
    }

    private void readPrimary(BoxData d) {
        int version = d.u8();
        d.skip(3);
        primary = d.id(version != 0);
    }

    private void readItemInfo(BoxData d) {
        int version = d.u8();
        d.skip(3);
        d.skip(version == 0 ? 2 : 4); // entry count: the boxes that follow say it better
        for (Box infe : d.boxes()) {
            if (items.size() >= MAX_ITEMS) {
                break;
            }
            if (!infe.type().equals("infe")) {
                continue;
            }
            try {
                Item item = readItem(infe.payload(payload));
                items.putIfAbsent(item.id(), item);
            } catch (BoxData.Malformed e) {
                // one bad entry does not spoil the others
            }
        }
    }

    private static Item readItem(BoxData d) {
        int version = d.u8();
        d.skip(3);
        if (version < 2) {
            long id = d.u16();
            d.skip(2); // protection index
            d.cstring(); // name
            String contentType = d.cstring();
            return new Item(id, "mime", contentType);
        }
        long id = d.id(version != 2);
        d.skip(2); // protection index
        String type = d.fourcc();
        d.cstring(); // name
        String contentType = type.equals("mime") ? d.cstring() : null;
        return new Item(id, type, contentType);
    }

    private void readLocations(BoxData d) {
        int version = d.u8();
        d.skip(3);
        int sizes = d.u8();
        int offsetSize = sizes >> 4;
        int lengthSize = sizes & 0xF;
        int sizes2 = d.u8();
        int baseOffsetSize = sizes2 >> 4;
        int indexSize = version == 1 || version == 2 ? sizes2 & 0xF : 0;
        long count = version < 2 ? d.u16() : d.u32();
        for (long i = 0; i < count && extents.size() < MAX_ITEMS; i++) {
            long id = d.id(version == 2);
            int method = version == 1 || version == 2 ? d.u16() & 0xF : 0;
            d.skip(2); // data reference index
            long base = d.unsigned(baseOffsetSize);
            int extentCount = d.u16();
            List<Extent> list = new ArrayList<>();
            for (int e = 0; e < extentCount; e++) {
                d.unsigned(indexSize);
                long offset = d.unsigned(offsetSize);
                long length = d.unsigned(lengthSize);
                list.add(new Extent(base + offset, length));
            }
            extents.putIfAbsent(id, list);
            constructionMethods.putIfAbsent(id, method);
        }
    }

    private void readReferences(BoxData d) {
        int version = d.u8();
        d.skip(3);
        for (Box reference : d.boxes()) {
            if (!reference.type().equals("cdsc")) {
                continue;
            }
            BoxData r = reference.payload(payload);
            long from = r.id(version != 0);
            int count = r.u16();
            for (int i = 0; i < count; i++) {
                describes.computeIfAbsent(from, k -> new ArrayList<>()).add(r.id(version != 0));
            }
        }
    }

    private void readProperties(BoxData d) {
        List<Box> boxes = d.boxes();
        Box ipco = BoxData.first(boxes, "ipco");
        if (ipco != null) {
            properties.addAll(ipco.payload(payload).boxes());
        }
        for (Box ipma : boxes) {
            if (!ipma.type().equals("ipma")) {
                continue;
            }
            BoxData a = ipma.payload(payload);
            int version = a.u8();
            int flags = a.u24();
            long count = a.u32();
            for (long i = 0; i < count && associations.size() < MAX_ITEMS; i++) {
                long id = a.id(version >= 1);
                int n = a.u8();
                List<Integer> indices = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    indices.add((flags & 1) != 0 ? a.u16() & 0x7FFF : a.u8() & 0x7F);
                }
                associations.putIfAbsent(id, indices);
            }
        }
    }

    /** The primary picture's size ({@code ispe}) and orientation ({@code irot}, {@code imir}, in order). */
    private void offerPrimary(IsoMedia media) {
        int[] transform = Orientation.matrix(1);
        boolean transformed = false;
        for (int index : associations.getOrDefault(primary, List.of())) {
            if (index < 1 || index > properties.size()) {
                continue;
            }
            Box property = properties.get(index - 1);
            try {
                BoxData p = property.payload(payload);
                switch (property.type()) {
                    case "ispe" -> {
                        p.skip(4);
                        long w = p.u32();
                        long h = p.u32();
                        if (media.primaryWidth == null && w > 0 && h > 0 && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE) {
                            media.primaryWidth = (int) w;
                            media.primaryHeight = (int) h;
                        }
                    }
                    case "irot" -> {
                        // counter-clockwise quarter turns; a clockwise quarter turn is EXIF orientation 6
                        int quarters = p.u8() & 3;
                        for (int q = 0; q < quarters; q++) {
                            transform = Orientation.compose(transform, Orientation.matrix(8));
                        }
                        transformed = true;
                    }
                    case "imir" -> {
                        // axis 0: about the vertical axis (left and right swap); 1: about the horizontal axis
                        transform = Orientation.compose(transform, Orientation.matrix((p.u8() & 1) == 0 ? 2 : 4));
                        transformed = true;
                    }
                    default -> {
                        // colour, pixel and codec properties
                    }
                }
            } catch (BoxData.Malformed e) {
                media.problem("HEIF " + property.type() + " property: " + e.getMessage());
            }
        }
        if (transformed) {
            media.primaryOrientation = Orientation.of(transform);
        }
    }

    /** The items to read: Exif items describing the primary picture (or any, if none says so) and XMP items. */
    List<Item> wantedItems() {
        List<Item> exif = new ArrayList<>();
        List<Item> exifOfPrimary = new ArrayList<>();
        List<Item> wanted = new ArrayList<>();
        for (Item item : items.values()) {
            if (item.type().equals("Exif")) {
                exif.add(item);
                if (describes.getOrDefault(item.id(), List.of()).contains(primary)) {
                    exifOfPrimary.add(item);
                }
            } else if (item.type().equals("mime") && "application/rdf+xml".equals(item.contentType())) {
                wanted.add(item);
            }
        }
        List<Item> chosenExif = exifOfPrimary.isEmpty() ? exif : exifOfPrimary;
        chosenExif.sort(Comparator.comparingLong(Item::id));
        if (!chosenExif.isEmpty()) {
            wanted.add(0, chosenExif.get(0));
        }
        wanted.sort(Comparator.comparingLong(this::firstOffset));
        return wanted;
    }

    private long firstOffset(Item item) {
        List<Extent> list = extents.getOrDefault(item.id(), List.of());
        return list.isEmpty() ? Long.MAX_VALUE : list.get(0).offset();
    }

    List<Extent> extents(Item item) {
        return extents.getOrDefault(item.id(), List.of());
    }

    /** 0: in the file; 1: in the {@code idat} box; 2: in another item (not supported). */
    int constructionMethod(Item item) {
        return constructionMethods.getOrDefault(item.id(), 0);
    }

    /** Bytes of the {@code idat} box, or {@code null} when the extent lies outside it. */
    byte[] idat(Extent extent) {
        if (idat == null || extent.offset() < 0 || extent.length() < 0
                || extent.offset() + extent.length() > idat.end() - idat.start()) {
            return null;
        }
        int from = idat.start() + (int) extent.offset();
        int length = extent.length() == 0 ? idat.end() - from : (int) extent.length();
        return java.util.Arrays.copyOfRange(payload, from, from + length);
    }
}
