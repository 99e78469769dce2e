package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Little-endian GGUF v3 encoding of a header (metadata, tensor infos) and random tensor data. */
final class GgufSink {

    /** An unsigned 32-bit metadata value (llama.cpp insists on the exact type for hyperparameters). */
    record U32(long value) {}

    /** A tensor to write: its name, its shape (innermost first, as GGUF lists it), and F16 or F32 data. */
    record Tensor(String name, long[] shape, boolean half) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        long bytes() {
            return elements() * (half ? 2 : 4);
        }
    }

    private static final int ALIGNMENT = 32;
    private static final int GGML_TYPE_F32 = 0;
    private static final int GGML_TYPE_F16 = 1;

    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    GgufSink(OutputStream out) {
        this.out = out;
    }

    void header(Map<String, Object> metadata, List<Tensor> tensors) throws IOException {
        u32(0x46554747);
        u32(3);
        u64(tensors.size());
        u64(metadata.size());
        for (Map.Entry<String, Object> kv : metadata.entrySet()) {
            string(kv.getKey());
            typedValue(kv.getValue());
        }
        long offset = 0;
        for (Tensor t : tensors) {
            string(t.name());
            u32(t.shape().length);
            for (long d : t.shape()) {
                u64(d);
            }
            u32(t.half() ? GGML_TYPE_F16 : GGML_TYPE_F32);
            u64(offset);
            offset = align(offset + t.bytes());
        }
        pad();
    }

    /** Norm weights are ones; matrices are uniform noise scaled to their input width, so activations stay sane. */
    void weights(Tensor t, SplittableRandom random) throws IOException {
        boolean norm = t.shape().length == 1;
        float scale = norm ? 0 : (float) (1.0 / Math.sqrt(t.shape()[0]));
        for (long i = 0; i < t.elements(); i++) {
            float value = norm ? 1f : (float) (random.nextDouble(-1, 1) * scale * 1.7);
            if (t.half()) {
                u16(Float.floatToFloat16(value));
            } else {
                f32(value);
            }
        }
        pad();
    }

    private void typedValue(Object value) throws IOException {
        switch (value) {
            case U32 u -> {
                u32(4);
                u32((int) u.value());
            }
            case Integer i -> {
                u32(5);
                u32(i);
            }
            case Float f -> {
                u32(6);
                f32(f);
            }
            case Boolean b -> {
                u32(7);
                u8(b ? 1 : 0);
            }
            case String s -> {
                u32(8);
                string(s);
            }
            case String[] a -> {
                u32(9);
                u32(8);
                u64(a.length);
                for (String s : a) {
                    string(s);
                }
            }
            case float[] a -> {
                u32(9);
                u32(6);
                u64(a.length);
                for (float f : a) {
                    f32(f);
                }
            }
            case int[] a -> {
                u32(9);
                u32(5);
                u64(a.length);
                for (int i : a) {
                    u32(i);
                }
            }
            default -> throw new IllegalArgumentException("unsupported metadata value " + value);
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private void pad() throws IOException {
        while (position % ALIGNMENT != 0) {
            u8(0);
        }
        flush();
    }

    private void string(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        for (byte b : bytes) {
            u8(b);
        }
    }

    private void u8(int v) throws IOException {
        room(1);
        buffer.put((byte) v);
        position += 1;
    }

    private void u16(short v) throws IOException {
        room(2);
        buffer.putShort(v);
        position += 2;
    }

    private void u32(int v) throws IOException {
        room(4);
        buffer.putInt(v);
        position += 4;
    }

    private void u64(long v) throws IOException {
        room(8);
        buffer.putLong(v);
        position += 8;
    }

    private void f32(float v) throws IOException {
        room(4);
        buffer.putFloat(v);
        position += 4;
    }

    private void room(int n) throws IOException {
        if (buffer.remaining() < n) {
            flush();
        }
    }

    private void flush() throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }
}
