package io.shoebox.repository.internal.chunk;

/**
 * ISO base media file format (ISO/IEC 14496-12: HEIF/HEIC, AVIF, MP4, M4V, 3GP) and QuickTime
 * (MOV): every top-level {@code mdat} box is a region of its own; each maximal run of other
 * top-level boxes ({@code ftyp}, {@code moov}, {@code meta}, {@code free}, {@code uuid}, ...) is
 * one region, so metadata never shares a chunk with media data, and a handful of tiny boxes does
 * not turn into a handful of tiny blobs. Box size 1 means a 64-bit size follows the type; size 0
 * means the box runs to the end of the file.
 *
 * <p>The {@code mdat} of a video holds only samples: its metadata lives in {@code moov}, so its
 * {@code mdat} is media data. A HEIF image (HEIC, AVIF: brand {@code mif1} or {@code msf1}) keeps
 * its Exif and XMP items inside {@code mdat} beside the image, and an edit can change their length,
 * so its {@code mdat} is not taken as media data and stays cut by content.
 */
final class IsoBmffRegions extends RegionParser {

    private static final long MDAT = fourcc("mdat");
    private static final long FTYP = fourcc("ftyp");
    /** HEIF's structural brands (ISO/IEC 23008-12): images and image sequences. */
    private static final long[] HEIF_BRANDS = {fourcc("mif1"), fourcc("msf1")};
    /** Brands read from an {@code ftyp} at most; real files list a handful. */
    private static final int MAX_BRANDS = 64;
    /** Types that may open a QuickTime file that has no {@code ftyp}. */
    private static final long[] QUICKTIME_FIRST = {fourcc("moov"), MDAT, fourcc("wide"), fourcc("free"),
            fourcc("skip"), fourcc("pnot"), fourcc("uuid")};

    /** Start of the current region. */
    private long regionStart;
    /** Whether the {@code ftyp} names a HEIF brand, so that {@code mdat} holds metadata items too. */
    private boolean heif;

    static boolean matches(byte[] head, int length) {
        if (length < 8) {
            return false;
        }
        long size = ((head[0] & 0xffL) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        long type = ((head[4] & 0xffL) << 24) | ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        if (type == fourcc("ftyp")) {
            return true;
        }
        if (size != 0 && size != 1 && size < 8) {
            return false;
        }
        for (long t : QUICKTIME_FIRST) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void step(Window w) {
        long p = cursor;
        if (u8(w, p) < 0) { // clean end of file
            done = true;
            return;
        }
        long size = u32(w, p);
        long type = u32(w, p + 4);
        if (size < 0 || type < 0 || !printable(type)) {
            done = true;
            return;
        }
        long end;
        if (size == 1) {
            long hi = u32(w, p + 8);
            long lo = u32(w, p + 12);
            if (hi < 0 || lo < 0 || hi > 0x3fffffffL) {
                done = true;
                return;
            }
            long large = (hi << 32) | lo;
            end = large < 16 ? -1 : p + large;
        } else if (size == 0) {
            end = NONE; // to the end of the file
        } else {
            end = size < 8 ? -1 : p + size;
        }
        if (end < 0) {
            done = true;
            return;
        }
        if (type == FTYP && p == 0) {
            heif = hasHeifBrand(w, p, end);
        }
        if (type == MDAT) {
            if (p > regionStart) { // close the metadata run before this mdat
                pending = p;
                pendingStartsMediaData = !heif;
                regionStart = p;
                return; // parse this box again once the chunker reaches it
            }
            if (end == NONE) {
                done = true;
                return;
            }
            pending = end;
            pendingStartsMediaData = false; // a metadata run, or another mdat taken as one
            regionStart = end;
        } else if (end == NONE) {
            done = true;
            return;
        }
        cursor = end;
    }

    /** Whether the major brand or a compatible brand of the {@code ftyp} box at {@code p} is a HEIF brand. */
    private static boolean hasHeifBrand(Window w, long p, long end) {
        long brands = Math.min(end, p + 16 + 4L * MAX_BRANDS);
        for (long at = p + 8; at + 4 <= brands; at += at == p + 8 ? 8 : 4) { // major brand, minor version, compatible brands
            long brand = u32(w, at);
            for (long heifBrand : HEIF_BRANDS) {
                if (brand == heifBrand) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean printable(long type) {
        for (int shift = 0; shift < 32; shift += 8) {
            int c = (int) (type >>> shift) & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static long fourcc(String s) {
        return ((long) s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
