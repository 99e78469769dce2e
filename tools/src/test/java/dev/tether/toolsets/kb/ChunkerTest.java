package dev.tether.toolsets.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    @Test
    void gathersWholeLinesUpToTheSize() {
        String text = "alpha one\nbeta two\ngamma three\ndelta four\n";

        List<Chunk> chunks = new Chunker(20).chunks(new Section(0, text));

        assertThat(chunks).extracting(Chunk::text).containsExactly("alpha one\nbeta two", "gamma three", "delta four");
        assertThat(chunks).extracting(Chunk::lineStart).containsExactly(1, 3, 4);
        assertThat(chunks).extracting(Chunk::lineEnd).containsExactly(2, 3, 4);
        for (Chunk chunk : chunks) {
            assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
        }
    }

    @Test
    void cutsALineLongerThanTheSizeAndKeepsItsLineNumber() {
        String text = "short\n" + "x".repeat(25) + "\nend";

        List<Chunk> chunks = new Chunker(10).chunks(new Section(3, text));

        assertThat(chunks).extracting(Chunk::text).containsExactly("short", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx\nend");
        assertThat(chunks).extracting(Chunk::lineStart).containsExactly(1, 2, 2, 2);
        assertThat(chunks).extracting(Chunk::lineEnd).containsExactly(1, 2, 2, 3);
        assertThat(chunks).extracting(Chunk::page).containsOnly(3);
    }

    @Test
    void aPassageStartsAtItsFirstLineOfText() {
        String text = "\n\n  \nfirst words\nsecond\n";

        Chunk chunk = new Chunker(100).chunks(new Section(0, text)).getFirst();

        assertThat(chunk.lineStart()).isEqualTo(4);
        assertThat(chunk.lineEnd()).isEqualTo(5);
        assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo("first words\nsecond");
    }

    @Test
    void dropsBlankPassagesAndHandlesEmptyText() {
        assertThat(new Chunker(5).chunks(new Section(0, "\n\n\n   \n"))).isEmpty();
        assertThat(new Chunker(5).chunks(new Section(0, ""))).isEmpty();
    }
}
