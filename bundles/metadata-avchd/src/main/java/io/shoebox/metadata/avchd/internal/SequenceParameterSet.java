package io.shoebox.metadata.avchd.internal;

import java.util.Set;

/**
 * The picture size an H.264 sequence parameter set declares (ITU-T H.264, 7.3.2.1.1): macroblocks
 * across and down, doubled for field-coded (interlaced) video, less the cropping, which is how 1080
 * lines come out of 1088 coded ones.
 *
 * @param width pixels across
 * @param height pixels down
 */
record SequenceParameterSet(int width, int height) {

    /** Profiles whose parameter sets carry the chroma format, bit depths and scaling matrices. */
    private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);
    private static final int MAX_EDGE = 8192;

    /**
     * Parses a parameter set (its RBSP, after the NAL header byte).
     *
     * @return the size, or {@code null} when the data ends early, is malformed or declares a size no
     *     camera makes
     */
    static SequenceParameterSet parse(byte[] rbsp, int from, int to) {
        try {
            return read(new BitReader(rbsp, from, to));
        } catch (Malformed e) {
            return null;
        }
    }

    private static SequenceParameterSet read(BitReader bits) {
        int profile = (int) bits.bits(8);
        bits.bits(16); // constraint flags and level
        bits.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        if (HIGH_PROFILES.contains(profile)) {
            chromaFormat = (int) bits.ue();
            if (chromaFormat == 3) {
                bits.bit(); // separate_colour_plane_flag
            }
            bits.ue(); // bit_depth_luma_minus8
            bits.ue(); // bit_depth_chroma_minus8
            bits.bit(); // qpprime_y_zero_transform_bypass_flag
            if (bits.flag()) {
                skipScalingLists(bits, chromaFormat == 3 ? 12 : 8);
            }
        }
        bits.ue(); // log2_max_frame_num_minus4
        long pictureOrderCountType = bits.ue();
        if (pictureOrderCountType == 0) {
            bits.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pictureOrderCountType == 1) {
            bits.bit(); // delta_pic_order_always_zero_flag
            bits.se(); // offset_for_non_ref_pic
            bits.se(); // offset_for_top_to_bottom_field
            long cycle = bits.ue();
            if (cycle > 255) {
                throw new Malformed("pic order count cycle of " + cycle);
            }
            for (int i = 0; i < cycle; i++) {
                bits.se();
            }
        }
        bits.ue(); // max_num_ref_frames
        bits.bit(); // gaps_in_frame_num_value_allowed_flag
        long widthInMacroblocks = bits.ue() + 1;
        long heightInMapUnits = bits.ue() + 1;
        boolean frameMacroblocksOnly = bits.flag();
        if (!frameMacroblocksOnly) {
            bits.bit(); // mb_adaptive_frame_field_flag
        }
        bits.bit(); // direct_8x8_inference_flag
        long width = widthInMacroblocks * 16;
        long height = (frameMacroblocksOnly ? 1 : 2) * heightInMapUnits * 16;
        if (bits.flag()) {
            // Cropping counts in chroma samples: two luma samples across for 4:2:0 and 4:2:2, two down
            // for 4:2:0, and twice that down again for field-coded video.
            int cropX = chromaFormat == 1 || chromaFormat == 2 ? 2 : 1;
            int cropY = (chromaFormat == 1 ? 2 : 1) * (frameMacroblocksOnly ? 1 : 2);
            width -= cropX * (bits.ue() + bits.ue());
            height -= cropY * (bits.ue() + bits.ue());
        }
        if (width < 1 || height < 1 || width > MAX_EDGE || height > MAX_EDGE) {
            return null;
        }
        return new SequenceParameterSet((int) width, (int) height);
    }

    /** Scaling lists are read only to get past them: 16 coefficients in the first six, 64 in the others. */
    private static void skipScalingLists(BitReader bits, int lists) {
        for (int i = 0; i < lists; i++) {
            if (!bits.flag()) {
                continue;
            }
            int size = i < 6 ? 16 : 64;
            long last = 8;
            long next = 8;
            for (int j = 0; j < size && next != 0; j++) {
                next = Math.floorMod(last + bits.se(), 256);
                last = next == 0 ? last : next;
            }
        }
    }
}
