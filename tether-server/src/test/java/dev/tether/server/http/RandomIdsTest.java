package dev.tether.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void aPrefixAnd24HexDigitsNeverTheSameTwice() {
        String id = RandomIds.next("msg_");
        assertThat(id).matches("msg_[0-9a-f]{24}");
        assertThat(RandomIds.next("msg_")).isNotEqualTo(id);
    }
}
