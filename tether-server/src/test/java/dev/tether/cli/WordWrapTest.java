package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Word wrapping of streamed text: examples, every way of chunking them, and random text against the rules. */
class WordWrapTest {

    private record Example(String text, int width, String wrapped) {}

    private static final List<Example> EXAMPLES = List.of(
            new Example(
                    "the quick brown fox jumps over the lazy dog",
                    10,
                    "the quick\nbrown fox\njumps over\nthe lazy\ndog"),
            new Example("a list:\n  - one item here\n  - two", 12, "a list:\n  - one item\nhere\n  - two"),
            new Example(
                    "see https://example.org/a/very/long/path ok", 12, "see\nhttps://example.org/a/very/long/path\nok"),
            new Example("https://example.org/a/very/long/path", 12, "https://example.org/a/very/long/path"),
            new Example("exactly ten", 11, "exactly ten"),
            new Example("exactly ten!", 11, "exactly\nten!"),
            new Example("two  spaces   kept  inside", 40, "two  spaces   kept  inside"),
            new Example("trailing spaces at the break     dropped", 28, "trailing spaces at the break\ndropped"),
            new Example("naïve café déjà vu, über straße", 12, "naïve café\ndéjà vu,\nüber straße"),
            new Example("你好 世界 你好", 10, "你好 世界\n你好"),
            new Example("cafe\u0301 cafe\u0301 cafe\u0301", 10, "cafe\u0301 cafe\u0301\ncafe\u0301"),
            new Example("ok 👍 and 👍👍 done", 9, "ok 👍 and\n👍👍 done"),
            new Example("tab\there", 12, "tab\there"),
            new Example("tab\there", 10, "tab\nhere"),
            new Example("", 10, ""));

    @Test
    void wrapsAtTheLastWordThatFitsAndNeverInsideAWord() {
        for (Example e : EXAMPLES) {
            assertThat(wrap(e.width(), List.of(e.text()))).as(e.text()).isEqualTo(e.wrapped());
        }
    }

    @Test
    void howTheTextIsChunkedNeverChangesTheOutput() {
        for (Example e : EXAMPLES) {
            assertThat(wrap(e.width(), codePoints(e.text())))
                    .as("one character a chunk: %s", e.text())
                    .isEqualTo(e.wrapped());
            for (int i = 0; i <= e.text().length(); i++) {
                for (int j = i; j <= e.text().length(); j++) {
                    List<String> chunks = List.of(
                            e.text().substring(0, i),
                            e.text().substring(i, j),
                            e.text().substring(j));
                    assertThat(wrap(e.width(), chunks))
                            .as("%s split at %d and %d", e.text(), i, j)
                            .isEqualTo(e.wrapped());
                }
            }
        }
    }

    @Test
    void randomTextInRandomChunksKeepsEveryWordWholeAndEveryLineWithinTheWidth() {
        Random random = new Random(17);
        String[] vocabulary = {
            "a",
            "to",
            "the",
            "model",
            "answers",
            "streaming",
            "tokens",
            "incrementally",
            "https://example.org/some/rather/long/address",
            "\n",
            "  ",
            "\n\n",
            "—",
            "ünïcödé",
            "天气预报",
            "👍",
            "e\u0301"
        };
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(60); w > 0; w--) {
                text.append(vocabulary[random.nextInt(vocabulary.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            int width = 8 + random.nextInt(40);
            String wrapped = wrap(width, randomChunks(text.toString(), random));

            assertThat(wrapped).isEqualTo(wrap(width, List.of(text.toString())));
            assertThat(words(wrapped)).as("no word is split or lost").isEqualTo(words(text.toString()));
            for (String line : wrapped.split("\n", -1)) {
                boolean oneWord = line.strip().split("\\s+").length == 1;
                assertThat(WordWrap.columns(line) <= width || oneWord)
                        .as("line '%s' within %d columns", line, width)
                        .isTrue();
            }
        }
    }

    @Test
    void widthZeroPassesTextThroughAndCountsTheColumn() {
        WordWrap wrap = new WordWrap(0);

        assertThat(wrap.feed("no wrapping here at all, ")).isEqualTo("no wrapping here at all, ");
        assertThat(wrap.feed("even\nwhen long")).isEqualTo("even\nwhen long");
        assertThat(wrap.column()).isEqualTo(9);
        assertThat(wrap.finish()).isEmpty();
        wrap.feed("\n天气 ok");
        assertThat(wrap.column()).as("two columns a wide character").isEqualTo(7);
    }

    @Test
    void aWordIsHeldBackOnlyUntilItEnds() {
        WordWrap wrap = new WordWrap(20);

        assertThat(wrap.feed("Hello wor")).isEqualTo("Hello");
        assertThat(wrap.feed("ld, how")).isEqualTo(" world,");
        assertThat(wrap.finish()).isEqualTo(" how");
        assertThat(wrap.column()).isEqualTo(16);
    }

    private static String wrap(int width, List<String> chunks) {
        WordWrap wrap = new WordWrap(width);
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> out.append(wrap.feed(c)));
        return out.append(wrap.finish()).toString();
    }

    private static List<String> codePoints(String text) {
        return text.codePoints().mapToObj(Character::toString).toList();
    }

    private static List<String> randomChunks(String text, Random random) {
        List<String> chunks = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(7));
            if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            chunks.add(text.substring(at, end));
            at = end;
        }
        return chunks;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }
}
