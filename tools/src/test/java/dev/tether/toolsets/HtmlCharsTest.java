package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlCharsTest {

    @Test
    void closingTagEndIsJustPastTheFirstClosingTagFromThePosition() {
        String html = "<script>a</script>b</script>";

        assertThat(HtmlChars.closingTagEnd(html, "script", 0)).isEqualTo(18);
        assertThat(HtmlChars.closingTagEnd(html, "script", 18)).isEqualTo(html.length());
    }

    @Test
    void closingTagEndAllowsWhiteSpaceBeforeTheBracketAndSkipsLongerNames() {
        assertThat(HtmlChars.closingTagEnd("x</scripts></script \n>y", "script", 0))
                .isEqualTo(22);
    }

    @Test
    void closingTagEndIsMinusOneWithoutAClosingTag() {
        assertThat(HtmlChars.closingTagEnd("<style>p { }</style", "style", 0)).isEqualTo(-1);
        assertThat(HtmlChars.closingTagEnd("<style></style>", "style", 8)).isEqualTo(-1);
    }
}
