package dev.tether.toolsets.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void removesMarkupScriptsAndStylesButKeepsTheLines() {
        String html = "<html><head><title>T</title>\n<style>p { color: red }</style></head>\n<body>\n"
                + "<p>Fish &amp; chips<br>today</p>\n<script>\nvar x = 1;\n</script>\n<p>caf&eacute; &#233; &#x263A;</p>";

        String text = Html.toText(html);

        assertThat(text.lines().count()).isEqualTo(html.lines().count());
        assertThat(text.lines().toList().get(3)).isEqualTo(" Fish & chips today ");
        assertThat(text).doesNotContain("color", "var x", "<", "T\n");
        assertThat(text.lines().toList().get(7)).isEqualTo(" caf&eacute; é ☺ ");
    }

    @Test
    void anElementCommentOrTagNeverClosedRunsToTheEndAndKeepsItsLines() {
        assertThat(Html.toText("a <!-- b\nc")).isEqualTo("a \n");
        assertThat(Html.toText("a <SCRIPT>x\n</script >b</Script>")).isEqualTo("a \nb ");
        assertThat(Html.toText("a <b\nc")).isEqualTo("a \n");
        assertThat(Html.toText("x < y and y > z")).isEqualTo("x   z");
        assertThat(Html.toText("<scripts>kept</scripts>")).isEqualTo(" kept ");
    }

    @Test
    void aMillionUnclosedOpeningsAreOnePass() {
        // before: each unclosed <script or < made the patterns search to the end of the file again (hours)
        String scripts = "<script".repeat(500_000) + "\ntext";
        String tags = "<".repeat(1_000_000) + "\ntext";
        String closers = "<style>" + "</stylex".repeat(400_000) + "</style>after";

        String[] text = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                new String[] {Html.toText(scripts), Html.toText(tags), Html.toText(closers)});

        assertThat(text[0]).isEqualTo("\n");
        assertThat(text[1]).isEqualTo("\n");
        assertThat(text[2]).isEqualTo("after");
    }
}
