package io.shoebox.metadata.media.internal;

/**
 * EXIF orientations (1 to 8) as the transformation that makes the stored picture upright, written as
 * an integer 2×2 matrix on pixel coordinates (x to the right, y down): {@code (x, y) -> (a x + b y, c x + d y)}.
 * HEIF's rotation and mirror properties compose into one of these.
 */
final class Orientation {

    private static final int[][] MATRICES = {
        null,
        {1, 0, 0, 1},    // 1: as stored
        {-1, 0, 0, 1},   // 2: mirrored left to right
        {-1, 0, 0, -1},  // 3: turned half round
        {1, 0, 0, -1},   // 4: mirrored top to bottom
        {0, 1, 1, 0},    // 5: mirrored left to right, then turned a quarter anticlockwise (transpose)
        {0, -1, 1, 0},   // 6: turned a quarter clockwise
        {0, -1, -1, 0},  // 7: mirrored left to right, then turned a quarter clockwise (transverse)
        {0, 1, -1, 0},   // 8: turned a quarter anticlockwise
    };

    private Orientation() {
    }

    static int[] matrix(int orientation) {
        return MATRICES[orientation >= 1 && orientation <= 8 ? orientation : 1].clone();
    }

    /** The transformation {@code first}, then {@code then}. */
    static int[] compose(int[] first, int[] then) {
        return new int[] {
            then[0] * first[0] + then[1] * first[2], then[0] * first[1] + then[1] * first[3],
            then[2] * first[0] + then[3] * first[2], then[2] * first[1] + then[3] * first[3],
        };
    }

    /** The EXIF orientation of a matrix. */
    static int of(int[] matrix) {
        for (int o = 1; o <= 8; o++) {
            if (java.util.Arrays.equals(MATRICES[o], matrix)) {
                return o;
            }
        }
        return 1;
    }

    /** Whether the orientation turns the picture a quarter, swapping width and height. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }
}
