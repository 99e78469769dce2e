package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GGUF whose header holds 110 strings of 64 MiB (a sparse file of a few hundred KB on disk, 7 GB long) used to
 * exhaust the heap when it appeared in {@code dist_root} and again at every start. Now it is listed with an error,
 * and the server, its other model and {@code /healthz} go on.
 */
class HostileGgufTest {

    @TempDir
    Path dir;

    @Test
    void aHeaderOfHugeStringsIsListedWithAnErrorAndTheServerStaysUp() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.copy(TestModels.tiny(), dist.resolve("tiny.gguf"));
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                port: 0
                providers:
                  model: { impl: llamacpp, args: { dist_root: "%s", engine: embedded } }
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(
                        dist.toString().replace("\\", "/"),
                        dir.resolve("t.db").toString().replace("\\", "/")));
        TetherConfig settings = TetherConfig.load(Optional.of(config), Map.of(), k -> null);

        try (Engine engine = Engine.start(settings, name -> null)) {
            TetherServer server = new TetherServer(engine).start();
            try {
                Http http = new Http("http://127.0.0.1:" + server.port());
                writeStringBomb(dist.resolve("bomb.gguf"), 110, 64L << 20);
                assertListedWithError(http);
            } finally {
                server.stop();
            }
        }
        // and at the next start, when every header is read before the server answers
        try (Engine engine = Engine.start(settings, name -> null)) {
            TetherServer server = new TetherServer(engine).start();
            try {
                assertListedWithError(new Http("http://127.0.0.1:" + server.port()));
            } finally {
                server.stop();
            }
        }
    }

    private static void assertListedWithError(Http http) {
        JsonNode models = http.get("/models?details=true").json();
        assertThat(models).extracting(m -> m.get("name").asText()).containsExactlyInAnyOrder("bomb", "tiny");
        for (JsonNode model : models) {
            if (model.get("name").asText().equals("bomb")) {
                assertThat(model.get("error").asText()).contains("exceeds the cap", "header_max_string_bytes");
            } else {
                assertThat(model.get("architecture").asText()).isEqualTo("llama");
            }
        }
        assertThat(http.get("/models/bomb").status()).isEqualTo(200);
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    /** A GGUF v3 header of {@code count} string values of {@code length} bytes each, the strings left as holes. */
    static void writeStringBomb(Path file, int count, long length) throws IOException {
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            head.put("GGUF".getBytes(StandardCharsets.US_ASCII))
                    .putInt(3)
                    .putLong(0)
                    .putLong(count)
                    .flip();
            out.write(head);
            long at = out.position();
            for (int i = 0; i < count; i++) {
                byte[] key = ("bomb.string_" + i).getBytes(StandardCharsets.US_ASCII);
                ByteBuffer kv = ByteBuffer.allocate(8 + key.length + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
                kv.putLong(key.length).put(key).putInt(8).putLong(length).flip();
                out.write(kv, at);
                at += kv.capacity() + length;
            }
            out.write(ByteBuffer.wrap(new byte[] {0}), at - 1); // the last string's end: the file is whole
        }
        assertThat(Files.size(file)).isGreaterThan(count * length);
    }
}
