package dev.tether.engine.llamacpp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Byte-level edits of a GGUF file for tests. */
final class GgufPatch {

    private static final int STRING = 8;

    private GgufPatch() {}

    /** The file with {@code general.architecture} changed from {@code from} to {@code to} (of the same length). */
    static byte[] renameArchitecture(byte[] gguf, String from, String to) {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("the names must have the same length");
        }
        byte[] key = "general.architecture".getBytes(StandardCharsets.UTF_8);
        byte[] value = ByteBuffer.allocate(12 + from.length())
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(STRING)
                .putLong(from.length())
                .put(from.getBytes(StandardCharsets.UTF_8))
                .array();
        byte[] needle = new byte[key.length + value.length];
        System.arraycopy(key, 0, needle, 0, key.length);
        System.arraycopy(value, 0, needle, key.length, value.length);
        int at = indexOf(gguf, needle);
        if (at < 0) {
            throw new IllegalArgumentException("no general.architecture = " + from);
        }
        byte[] out = gguf.clone();
        byte[] name = to.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, out, at + needle.length - name.length, name.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
