package dev.tether.engine.llamacpp;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a GGUF file's header (metadata and tensor shapes) and stops where the weights begin. */
final class GgufReader {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int MAX_KEPT_ARRAY = 64;
    private static final String TOKENS_KEY = "tokenizer.ggml.tokens";
    private static final long MAX_STRING = 64L * 1024 * 1024;

    private final InputStream in;
    private final byte[] scratch = new byte[8];

    private GgufReader(InputStream in) {
        this.in = in;
    }

    static GgufHeader read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new GgufReader(in).header(Files.size(file));
        }
    }

    private GgufHeader header(long fileSize) throws IOException {
        if (i32() != MAGIC) {
            throw new IOException("not a GGUF file (bad magic)");
        }
        int version = i32();
        if (version < 2 || version > 3) {
            throw new IOException("unsupported GGUF version " + version);
        }
        long tensorCount = i64();
        long kvCount = i64();
        Map<String, Object> metadata = new HashMap<>();
        List<String> tokens = List.of();
        for (long i = 0; i < kvCount; i++) {
            String key = string();
            int type = i32();
            if (type == 9 && key.equals(TOKENS_KEY)) {
                tokens = stringArray();
            } else {
                Object value = value(type);
                if (value != null) {
                    metadata.put(key, value);
                }
            }
        }
        long parameters = 0;
        for (long t = 0; t < tensorCount; t++) {
            string();
            int dims = i32();
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                elements *= i64();
            }
            i32(); // ggml type
            i64(); // data offset
            parameters += elements;
        }
        return new GgufHeader(version, metadata, tokens, parameters, fileSize);
    }

    /** A scalar or a short array; null for long arrays, which are skipped. */
    private Object value(int type) throws IOException {
        return switch (type) {
            case 0 -> (long) u8();
            case 1 -> (long) (byte) u8();
            case 2 -> (long) (i16() & 0xffff);
            case 3 -> (long) (short) i16();
            case 4 -> i32() & 0xffffffffL;
            case 5 -> (long) i32();
            case 6 -> (double) Float.intBitsToFloat(i32());
            case 7 -> u8() != 0;
            case 8 -> string();
            case 9 -> array();
            case 10, 11 -> i64();
            case 12 -> Double.longBitsToDouble(i64());
            default -> throw new IOException("unknown GGUF value type " + type);
        };
    }

    private Object array() throws IOException {
        int type = i32();
        long count = i64();
        if (count > MAX_KEPT_ARRAY) {
            for (long i = 0; i < count; i++) {
                skipValue(type);
            }
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            values.add(value(type));
        }
        return values;
    }

    private List<String> stringArray() throws IOException {
        int type = i32();
        long count = i64();
        List<String> values = new ArrayList<>((int) Math.min(count, 1 << 20));
        for (long i = 0; i < count; i++) {
            if (type == 8) {
                values.add(string());
            } else {
                skipValue(type);
            }
        }
        return values;
    }

    private void skipValue(int type) throws IOException {
        switch (type) {
            case 0, 1, 7 -> skip(1);
            case 2, 3 -> skip(2);
            case 4, 5, 6 -> skip(4);
            case 10, 11, 12 -> skip(8);
            case 8 -> skip(i64());
            case 9 -> {
                int inner = i32();
                long count = i64();
                for (long i = 0; i < count; i++) {
                    skipValue(inner);
                }
            }
            default -> throw new IOException("unknown GGUF value type " + type);
        }
    }

    private String string() throws IOException {
        long length = i64();
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("GGUF string too long: " + length);
        }
        return new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
    }

    private void skip(long n) throws IOException {
        in.skipNBytes(n);
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("truncated GGUF header");
        }
        return b;
    }

    private int i16() throws IOException {
        fill(2);
        return (scratch[0] & 0xff) | (scratch[1] & 0xff) << 8;
    }

    private int i32() throws IOException {
        fill(4);
        return (scratch[0] & 0xff) | (scratch[1] & 0xff) << 8 | (scratch[2] & 0xff) << 16 | (scratch[3] & 0xff) << 24;
    }

    private long i64() throws IOException {
        long low = i32() & 0xffffffffL;
        long high = i32() & 0xffffffffL;
        return low | high << 32;
    }

    private void fill(int n) throws IOException {
        if (in.readNBytes(scratch, 0, n) != n) {
            throw new EOFException("truncated GGUF header");
        }
    }
}
