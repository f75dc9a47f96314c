package io.shoebox.metadata.avchd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Picture sizes from sequence parameter sets, the cropping of 1080 lines among them. */
class SequenceParameterSetTest {

    private static SequenceParameterSet parse(byte[] sps) {
        return SequenceParameterSet.parse(sps, 0, sps.length);
    }

    @Test
    void theSizesOfAvchd() {
        assertThat(parse(TsBuilder.sps(1920, 1080, false))).isEqualTo(new SequenceParameterSet(1920, 1080));
        assertThat(parse(TsBuilder.sps(1920, 1080, true))).isEqualTo(new SequenceParameterSet(1920, 1080));
        assertThat(parse(TsBuilder.sps(1440, 1080, true))).isEqualTo(new SequenceParameterSet(1440, 1080));
        assertThat(parse(TsBuilder.sps(1280, 720, false))).isEqualTo(new SequenceParameterSet(1280, 720));
        assertThat(parse(TsBuilder.sps(720, 576, true))).isEqualTo(new SequenceParameterSet(720, 576));
    }

    @Test
    void aMainProfileSetWithoutTheHighProfileFields() {
        TsBuilder.BitWriter bits = new TsBuilder.BitWriter();
        bits.bits(77, 8).bits(0, 8).bits(40, 8).ue(0); // Main profile: no chroma format, bit depths or matrices
        bits.ue(0).ue(2).ue(1).bits(0, 1); // pic_order_cnt_type 2, one reference frame
        bits.ue(1920 / 16 - 1).ue(1088 / 16 - 1).bits(1, 1).bits(1, 1);
        bits.bits(1, 1).ue(0).ue(0).ue(0).ue(4).bits(0, 1).bits(1, 1);

        assertThat(parse(bits.bytes())).isEqualTo(new SequenceParameterSet(1920, 1080));
    }

    @Test
    void aSetThatEndsEarlyOrClaimsTheImpossibleHasNoSize() {
        byte[] sps = TsBuilder.sps(1920, 1080, false);

        assertThat(SequenceParameterSet.parse(sps, 0, 5)).isNull();
        assertThat(parse(new byte[] {100, 0, 40, 0, 0, 0, 0, 0})).isNull();
        TsBuilder.BitWriter huge = new TsBuilder.BitWriter();
        huge.bits(77, 8).bits(0, 8).bits(40, 8).ue(0).ue(0).ue(2).ue(1).bits(0, 1).ue(100_000).ue(10).bits(1, 1).bits(1, 1).bits(0, 1).bits(1, 1);
        assertThat(parse(huge.bytes())).isNull();
    }
}
