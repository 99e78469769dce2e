package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body decoder {@link ChildExchange} reads with: data out of any framing, however the bytes are split. */
class BodyFramingTest {

    /** Feeds {@code wire} in pieces of {@code piece} bytes; the data it found, and the state it ended in. */
    private static String decode(BodyFraming framing, String wire, int piece) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int from = 0; from < bytes.length; from += piece) {
            int limit = Math.min(bytes.length, from + piece);
            int at = from;
            while (at < limit) {
                at = framing.skipFraming(bytes, at, limit);
                if (!framing.inData() || at >= limit) {
                    break;
                }
                int run = framing.dataBytes(limit - at);
                data.write(bytes, at, run);
                framing.took(run);
                at += run;
            }
            if (framing.state() == BodyFraming.State.END || framing.state() == BodyFraming.State.MALFORMED) {
                break;
            }
        }
        return data.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunkedDataComesOutWholeForEverySplitOfTheWire() {
        String wire = "7\r\ndata: a\r\n19;name=value\r\ndata: {\"t\":\"bcdefghij\"}\n\n\r\n0\r\n\r\n";
        for (int piece = 1; piece <= wire.length(); piece++) {
            BodyFraming framing = BodyFraming.chunked();
            assertThat(decode(framing, wire, piece))
                    .as("pieces of " + piece)
                    .isEqualTo("data: adata: {\"t\":\"bcdefghij\"}\n\n");
            assertThat(framing.state()).isEqualTo(BodyFraming.State.END);
        }
    }

    @Test
    void bareLineFeedsAreAcceptedAsInTheOldReader() {
        BodyFraming framing = BodyFraming.chunked();
        assertThat(decode(framing, "3\nabc\n0\n", 1)).isEqualTo("abc");
        assertThat(framing.state()).isEqualTo(BodyFraming.State.END);
    }

    @Test
    void brokenFramingIsNamedAsSuch() {
        for (String wire : new String[] {"zz\r\ndata\r\n", "3\r\nabcX\r\n", "\r\n", "1234567890abcdef0\r\n"}) {
            BodyFraming framing = BodyFraming.chunked();
            decode(framing, wire, 1);
            assertThat(framing.state()).as(wire).isEqualTo(BodyFraming.State.MALFORMED);
        }
    }

    @Test
    void aKnownLengthEndsAfterItsLastByteAndAnUnknownOneRunsOn() {
        BodyFraming length = BodyFraming.length(5);
        assertThat(decode(length, "hello, and more", 2)).isEqualTo("hello");
        assertThat(length.state()).isEqualTo(BodyFraming.State.END);
        assertThat(BodyFraming.length(0).state()).isEqualTo(BodyFraming.State.END);

        BodyFraming open = BodyFraming.untilClose();
        assertThat(decode(open, "all of it\r\n0\r\n", 4)).isEqualTo("all of it\r\n0\r\n");
        assertThat(open.state()).isEqualTo(BodyFraming.State.UNTIL_CLOSE);
    }

    @Test
    void aCopyLooksAheadWithoutMovingTheReader() {
        byte[] wire = "4\r\nabcd\r\n2\r\nef\r\n".getBytes(StandardCharsets.ISO_8859_1);
        BodyFraming reader = BodyFraming.chunked();
        int at = reader.skipFraming(wire, 0, wire.length);
        BodyFraming ahead = BodyFraming.untilClose();
        ahead.copyFrom(reader);
        ahead.took(ahead.dataBytes(wire.length - at));
        int next = ahead.skipFraming(wire, at + 4, wire.length);

        assertThat(new String(wire, next, ahead.dataBytes(wire.length - next), StandardCharsets.ISO_8859_1))
                .isEqualTo("ef");
        assertThat(reader.state()).isEqualTo(BodyFraming.State.DATA);
        assertThat(reader.dataBytes(wire.length - at)).isEqualTo(4);
    }
}
