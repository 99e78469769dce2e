package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlCharsTest {

    @Test
    void aClosingTagEndsAfterItsBracketWithWhiteSpaceAllowedBeforeIt() {
        String html = "<script>x</script >after";
        assertThat(HtmlChars.closingTagEnd(html, "script", 8)).isEqualTo(html.indexOf("after"));
    }

    @Test
    void aLongerTagNameIsNotTheClosingTag() {
        String html = "<style>a</styles>b</style>c";
        assertThat(HtmlChars.closingTagEnd(html, "style", 7)).isEqualTo(html.indexOf("c"));
    }

    @Test
    void noClosingTagIsMinusOne() {
        assertThat(HtmlChars.closingTagEnd("<head>title</head", "head", 6)).isEqualTo(-1);
        assertThat(HtmlChars.closingTagEnd("<head>title", "head", 6)).isEqualTo(-1);
    }
}
