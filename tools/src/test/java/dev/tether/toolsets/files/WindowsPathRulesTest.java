package dev.tether.toolsets.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks the file tools make on Windows, run here on the strings a model could send: segments are split at
 * both separators and each must be a plain name there.
 */
class WindowsPathRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "notes.txt",
                "sub\\notes.txt",
                "sub/notes.txt",
                "C:\\Users\\ada\\notes.txt",
                "c:/Users/ada/Notes.TXT",
                "~\\Documents\\a.md",
                "\\\\server\\share\\doc.txt",
                ".hidden\\x"
            })
    void plainPathsPass(String path) {
        assertThat(Roots.windowsProblem(path)).as(path).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CON",
                "sub\\nul.txt",
                "docs/COM1.log",
                "C:\\Users\\ada\\aux",
                "secret.txt:hidden",
                "sub\\secret.txt::$DATA",
                "notes.txt.",
                "sub \\notes.txt",
                "sub.\\x",
                "a\\..\\..\\b",
                "what?.txt",
                "a*"
            })
    void pathsWindowsReadsAsSomethingElseAreRefused(String path) {
        assertThat(Roots.windowsProblem(path)).as(path).isPresent();
    }
}
