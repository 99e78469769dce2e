package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A mail's HTML is anyone's: turning it into text is one pass whatever it holds. */
class HtmlTextTest {

    @Test
    void keepsTheReadableStructure() {
        String html = "<html><head><title>t</title><style>p{}</style></head><body>"
                + "<SCRIPT type=x>alert(1)</script >Hello,<br/>  world<!-- hidden -->"
                + "<ul><li>one</li><li class=x>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
                + "<p>x &lt; y &amp;&amp;</p> 1 < 2";

        assertThat(HtmlText.toText(html)).isEqualTo("Hello,\nworld\n- one\n- two\na b\nx < y &&\n1 < 2");
    }

    @Test
    void anUnclosedHiddenElementOrCommentDropsOnlyItsOpening() {
        assertThat(HtmlText.toText("<script>shown<p>too")).isEqualTo("shown\ntoo");
        assertThat(HtmlText.toText("a <!-- b > c")).isEqualTo("a c");
        assertThat(HtmlText.toText("1 < 2 and 3")).isEqualTo("1 < 2 and 3");
    }

    @Test
    void aMailOfAMillionUnclosedOpeningsIsOnePass() {
        // before: each unclosed <script, <!-- or < made a pattern search to the end of the mail again (hours)
        String scripts = "<script>".repeat(300_000) + "text";
        String comments = "<!-- x >".repeat(300_000) + "text";
        String tags = "<".repeat(1_000_000) + "text";
        String closers = "<style>" + "</stylex".repeat(300_000) + "</style>after";

        String[] text = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new String[] {
            HtmlText.toText(scripts), HtmlText.toText(comments), HtmlText.toText(tags), HtmlText.toText(closers)
        });

        assertThat(text[0]).isEqualTo("text");
        assertThat(text[1]).endsWith("text").doesNotContain("<");
        assertThat(text[2]).isEqualTo("<".repeat(1_000_000) + "text");
        assertThat(text[3]).isEqualTo("after");
    }
}
