package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reading text files: telling text from binary, and opening them as UTF-8 (bad bytes become U+FFFD). */
final class TextFiles {

    private static final int SNIFF_BYTES = 8192;

    private TextFiles() {}

    /** A file is taken as binary when its first 8 KiB hold a NUL byte. */
    static boolean isBinary(Path path) {
        try (InputStream in = open(path)) {
            byte[] head = in.readNBytes(SNIFF_BYTES);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new ToolException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /**
     * Opens a file confined by its real path without following a link at any component, so a folder swapped for a
     * link after the check cannot redirect the read outside the allowed folders.
     */
    static InputStream open(Path path) throws IOException {
        return SecureOpen.read(path);
    }

    static BufferedReader reader(Path path) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(open(path), decoder));
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
