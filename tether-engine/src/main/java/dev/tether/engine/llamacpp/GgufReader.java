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

/**
 * Reads a GGUF file's header (metadata and tensor shapes) and stops where the weights begin. The file is untrusted:
 * every string, array and the total kept are held to {@link GgufLimits}; a header that breaks one is an
 * {@code IOException} that names the cap.
 */
final class GgufReader {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int MAX_KEPT_ARRAY = 64;
    private static final int MAX_DIMENSIONS = 8;
    private static final int MAX_NESTING = 4;
    private static final String TOKENS_KEY = "tokenizer.ggml.tokens";
    /** What a kept value costs beyond its bytes (object headers, map and list slots), for the kept total. */
    private static final long KEPT_OVERHEAD = 48;

    private final InputStream in;
    private final GgufLimits limits;
    private final boolean keepTokens;
    private final byte[] scratch = new byte[8];
    private long kept;
    private int nesting;

    private GgufReader(InputStream in, GgufLimits limits, boolean keepTokens) {
        this.in = in;
        this.limits = limits;
        this.keepTokens = keepTokens;
    }

    static GgufHeader read(Path file) throws IOException {
        return read(file, GgufLimits.DEFAULT);
    }

    static GgufHeader read(Path file, GgufLimits limits) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new GgufReader(in, limits, true).header(Files.size(file));
        }
    }

    /** The header at the start of {@code in} (e.g. a bounded range of a remote file), without the token list. */
    static GgufHeader readWithoutTokens(InputStream in, long fileSize, GgufLimits limits) throws IOException {
        return new GgufReader(in, limits, false).header(fileSize);
    }

    private GgufHeader header(long fileSize) throws IOException {
        if (i32() != MAGIC) {
            throw new IOException("not a GGUF file (bad magic)");
        }
        int version = i32();
        if (version < 2 || version > 3) {
            throw new IOException("unsupported GGUF version " + version);
        }
        long tensorCount = arrayLength(); // the counts of tensors and keys are held to the array cap too
        long kvCount = arrayLength();
        Map<String, Object> metadata = new HashMap<>();
        List<String> tokens = List.of();
        for (long i = 0; i < kvCount; i++) {
            String key = string();
            int type = i32();
            if (type == 9 && key.equals(TOKENS_KEY) && keepTokens) {
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
            skipString();
            int dims = i32();
            if (dims < 0 || dims > MAX_DIMENSIONS) {
                throw new IOException("GGUF tensor with " + dims + " dimensions");
            }
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                long extent = i64();
                if (extent < 0) {
                    throw new IOException("GGUF tensor with a negative extent");
                }
                elements = saturatingMultiply(elements, extent);
            }
            i32(); // ggml type
            i64(); // data offset
            parameters = parameters + elements < 0 ? Long.MAX_VALUE : parameters + elements;
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
        long count = arrayLength();
        enter();
        if (count > MAX_KEPT_ARRAY) {
            for (long i = 0; i < count; i++) {
                skipValue(type);
            }
            nesting--;
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            values.add(value(type));
        }
        nesting--;
        return values;
    }

    private static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Arrays of arrays are legal GGUF, but no model nests them deeply: a bound keeps the stack safe. */
    private void enter() throws IOException {
        if (++nesting > MAX_NESTING) {
            throw new IOException("GGUF arrays nested more than " + MAX_NESTING + " deep");
        }
    }

    private List<String> stringArray() throws IOException {
        int type = i32();
        long count = arrayLength();
        List<String> values = new ArrayList<>((int) Math.min(count, 1 << 16));
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
            case 8 -> skipString();
            case 9 -> {
                int inner = i32();
                long count = arrayLength();
                enter();
                for (long i = 0; i < count; i++) {
                    skipValue(inner);
                }
                nesting--;
            }
            default -> throw new IOException("unknown GGUF value type " + type);
        }
    }

    /** A string that is kept: held to the string cap and counted against the kept total. */
    private String string() throws IOException {
        long length = stringLength();
        keep(length);
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("truncated GGUF header");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void skipString() throws IOException {
        skip(stringLength());
    }

    private long stringLength() throws IOException {
        return length("string", "bytes", limits.maxStringBytes(), "header_max_string_bytes");
    }

    private long arrayLength() throws IOException {
        return length("array", "values", limits.maxArrayLength(), "header_max_array_length");
    }

    /** A length read from the file, within its cap ({@code setting} names it). */
    private long length(String what, String units, long cap, String setting) throws IOException {
        long length = i64();
        if (length < 0 || length > cap) {
            throw new IOException("a GGUF " + what + " of " + Long.toUnsignedString(length) + " " + units
                    + " exceeds the cap of " + cap + " (" + setting + ")");
        }
        return length;
    }

    private void keep(long bytes) throws IOException {
        kept += bytes + KEPT_OVERHEAD;
        if (kept > limits.maxKeptBytes()) {
            throw new IOException("the GGUF header holds more than " + limits.maxKeptBytes()
                    + " bytes of metadata (header_max_kept_bytes)");
        }
    }

    private void skip(long n) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new EOFException("truncated GGUF header");
        }
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
