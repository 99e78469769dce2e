package dev.tether.tools.kb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
