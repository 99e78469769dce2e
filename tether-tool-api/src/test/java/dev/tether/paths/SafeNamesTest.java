package dev.tether.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Qwen3-8B-Q4_0.gguf",
                "llama-b6000-bin-win-opencl-adreno-arm64.zip",
                "notes.txt",
                ".hidden",
                "a b",
                "console.log",
                "nullable",
                "COM10",
                "LPT",
                "con-figure.md",
                "ünïcode ☃.txt",
                "x..y"
            })
    void ordinaryNamesAreSafe(String name) {
        assertThat(SafeNames.problem(name)).as(name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..\\..\\x-Q6_K.gguf",
                "a/b",
                "..",
                ".",
                "",
                "a\u0000b",
                "tab\there",
                "x.gguf.",
                "x.gguf ",
                "CON",
                "con",
                "NUL.txt",
                "nul .txt",
                "Com1",
                "LPT9.log",
                "COM\u00b9",
                "CONIN$",
                "aux.tar.gz",
                "file.txt:secret",
                "C:",
                "what?",
                "a*b",
                "<x>",
                "a|b",
                "\"q\""
            })
    void namesThatLeaveTheFolderOrMeanSomethingElseOnWindowsAreNot(String name) {
        assertThat(SafeNames.problem(name)).as(name).isPresent();
    }

    @Test
    void theReasonNamesTheRule() {
        assertThat(SafeNames.problem("..\\..\\x-Q6_K.gguf")).contains("the name contains a path separator ('\\')");
        assertThat(SafeNames.problem("a\u0000b")).contains("the name contains a NUL byte");
        assertThat(SafeNames.problem("nul.txt")).contains("'nul.txt' is a device name on Windows");
        assertThat(SafeNames.problem("a.gguf.")).contains("the name ends with a dot, which Windows drops");
        assertThat(SafeNames.problem("x".repeat(256))).contains("the name is longer than 255 characters");
        assertThat(SafeNames.problem("x".repeat(255))).isEmpty();
        assertThatThrownBy(() -> SafeNames.require("a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsafe file name 'a\\u0000b': the name contains a NUL byte");
        assertThat(SafeNames.require("ok.gguf")).isEqualTo("ok.gguf");
    }

    @Test
    void printableWritesControlCharactersOutAndStopsAtTheLimit() {
        assertThat(SafeNames.printable("a\u0000b\u007fc", 10)).isEqualTo("a\\u0000b\\u007fc");
        assertThat(SafeNames.printable("abcdef", 3)).isEqualTo("abc");
    }

    @Test
    void insideComparesComponentsWithEitherSeparatorAndCaseAsTheFileSystemDoes() {
        assertThat(SafeNames.isInside("C:\\Users\\Ada\\dist", "c:\\users\\ADA\\Dist\\m.gguf", true))
                .isTrue();
        assertThat(SafeNames.isInside("C:\\Users\\Ada\\dist", "C:/Users/Ada/dist/sub/m.gguf", true))
                .isTrue();
        assertThat(SafeNames.isInside("C:\\Users\\Ada\\dist", "c:\\users\\ada\\dist", true))
                .isTrue();
        assertThat(SafeNames.isInside("C:\\Users\\Ada\\dist", "C:\\Users\\Ada\\distant\\m.gguf", true))
                .isFalse();
        assertThat(SafeNames.isInside("C:\\Users\\Ada\\dist", "C:\\Users\\Ada\\dist\\..\\secret", true))
                .isFalse();
        assertThat(SafeNames.isInside("C:\\Users\\Ada\\dist", "C:\\Users\\Ada", true))
                .isFalse();
        assertThat(SafeNames.isInside("/home/ada/dist", "/home/ada/Dist/m.gguf", false))
                .isFalse();
        assertThat(SafeNames.isInside("/home/ada/dist", "/home/ada/dist/m.gguf", false))
                .isTrue();
    }
}
