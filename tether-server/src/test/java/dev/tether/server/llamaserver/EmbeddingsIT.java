package dev.tether.server.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.LlamaCppBuild;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.server.Http;
import dev.tether.server.TetherServer;
import dev.tether.tool.ToolOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/embeddings} on the real llama-server with a random-weight BERT written by gguf-py, beside the
 * random-weight qwen3 chat model: the embedding model is listed as such, never chats, and its vectors come back
 * whole, normalised and deterministic, in float and base64 forms that agree, to curl-style calls and the official
 * {@code openai} npm client.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "as LlamaServerEndToEndIT")
class EmbeddingsIT {

    private static final String EMBEDDER = "bge-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_CLIENT = Path.of("src/test/openai-node");

    @TempDir
    Path dir;

    private Engine engine;
    private TetherServer server;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        QwenSetup.in(dir);
        Files.copy(TestModels.bertEmbedder(), dir.resolve(EMBEDDER + ".gguf"));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("ferry.md"), "The ferry to the island leaves every morning at seven.\n");
        Files.writeString(docs.resolve("taxes.md"), "Quarterly tax reports are due at the end of March.\n");
        Path config = dir.resolve("embeddings.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                port: 0
                data_dir: "%s"
                providers:
                  model:
                    impl: llamacpp
                    args:
                      dist_root: "%s"
                      engine: llama-server
                      llama_server: "%s"
                      n_ctx: 512
                      threads: 1
                  session_store: { url: "jdbc:sqlite:%s" }
                tools:
                  registry:
                    - { name: kb, args: { folders: ["%s"], index: docs, wait_sec: 60 } }
                  enabled: [kb_search]
                """.formatted(
                yaml(dir), yaml(dir), yaml(LlamaCppBuild.server()), yaml(dir.resolve("tether.db")), yaml(docs)));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null);
        server = new TetherServer(engine).start();
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        try {
            server.stop();
        } finally {
            engine.close();
        }
    }

    @Test
    void vectorsAreTheModelsWidthNormalisedDeterministicAndBase64AgreesWithFloat() {
        Http.Response first = http.post("/v1/embeddings", """
                {"model": "%s", "input": ["the cat sat on the mat", "quarterly tax report"]}""".formatted(EMBEDDER));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo(EMBEDDER);
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(body.at("/usage/prompt_tokens").asInt());
        float[] cat = floats(body.at("/data/0/embedding"));
        float[] tax = floats(body.at("/data/1/embedding"));
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(cat).hasSize(TestModels.BERT_WIDTH);
        assertThat(norm(cat)).isCloseTo(1.0, within(1e-4));
        assertThat(norm(tax)).isCloseTo(1.0, within(1e-4));
        assertThat(cat).isNotEqualTo(tax);

        // a single string, no model named: the only embedding model answers, the same vector again
        Http.Response again = http.post("/v1/embeddings", """
                {"input": "the cat sat on the mat", "encoding_format": "base64"}""");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("model").asText()).isEqualTo(EMBEDDER);
        float[] decoded = base64(again.json().at("/data/0/embedding").asText());
        assertThat(decoded).containsExactly(cat, within(1e-5f));
    }

    @Test
    void theEmbeddingModelIsListedAsSuchAndNeverChats() {
        JsonNode models = http.get("/v1/models").json().path("data");
        assertThat(kind(models, EMBEDDER)).isEqualTo("embedding");
        assertThat(kind(models, QwenSetup.NAME)).isEqualTo("chat");
        Http.Response details = http.get("/models/" + EMBEDDER);
        assertThat(details.json().path("kind").asText()).as(details.body()).isEqualTo("embedding");

        Http.Response chat = http.post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role": "user", "content": "hi"}]}""".formatted(EMBEDDER));
        assertThat(chat.status()).as(chat.body()).isEqualTo(400);
        assertThat(chat.json().at("/error/code").asText()).isEqualTo("not_a_chat_model");
        assertThat(chat.json().at("/error/param").asText()).isEqualTo("model");
    }

    @Test
    void badInputIsNamedInOpenAisErrorShape() {
        assertError(http.post("/v1/embeddings", "{\"model\": \"%s\"}".formatted(EMBEDDER)), "input", "invalid_type");
        assertError(
                http.post("/v1/embeddings", "{\"model\": \"%s\", \"input\": [\"a\", 7]}".formatted(EMBEDDER)),
                "input[1]",
                "invalid_type");
        assertError(
                http.post("/v1/embeddings", "{\"model\": \"%s\", \"input\": \"\"}".formatted(EMBEDDER)),
                "input",
                "invalid_value");
        assertError(
                http.post(
                        "/v1/embeddings",
                        "{\"model\": \"%s\", \"input\": \"a\", \"encoding_format\": \"int8\"}".formatted(EMBEDDER)),
                "encoding_format",
                "invalid_value");
        assertError(
                http.post("/v1/embeddings", "{\"model\": \"%s\", \"input\": \"a\"}".formatted(QwenSetup.NAME)),
                "model",
                "not_an_embedding_model");
        Http.Response unknown = http.post("/v1/embeddings", "{\"model\": \"nope\", \"input\": \"a\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(http.post("/v1/embeddings", "not json").status()).isEqualTo(400);

        // longer than the model's context: llama-server refuses it, the client hears why, the model serves on
        String tooLong = "word ".repeat(2000);
        Http.Response refused =
                http.post("/v1/embeddings", "{\"model\": \"%s\", \"input\": \"%s\"}".formatted(EMBEDDER, tooLong));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("prompt_too_long");
        assertThat(refused.json().at("/error/param").asText()).isEqualTo("input");
        assertThat(refused.json().at("/error/message").asText()).contains("at most 512");
        assertThat(http.post("/v1/embeddings", "{\"input\": \"still here\"}").status())
                .isEqualTo(200);
    }

    @Test
    void theKnowledgeBaseSearchesByMeaningWithTheLocalModelAndNothingElseRunning() {
        // no document holds this word, so only the nearest-neighbour search over the local model's vectors finds any
        ToolOutcome outcome = engine.tools()
                .invoke(
                        "kb_search",
                        JSON.createObjectNode().put("query", "zeppelin").put("limit", 2));
        assertThat(outcome.isError()).as(String.valueOf(outcome.error())).isFalse();
        JsonNode passages = outcome.result().path("passages");
        assertThat(passages).as(outcome.result().toString()).hasSize(2);
        assertThat(passages)
                .allSatisfy(p -> assertThat(p.path("match").asText()).isEqualTo("meaning"));
        assertThat(outcome.result().path("note").asText()).doesNotContain("unavailable");
        assertThat(outcome.result().toString()).contains("ferry.md", "taxes.md");
    }

    @Test
    void theOfficialOpenAiClientCreatesEmbeddings() throws Exception {
        assertThat(NODE_CLIENT.resolve("node_modules/openai"))
                .as("npm packages are installed (./run-tests runs npm ci in " + NODE_CLIENT + ")")
                .isDirectory();
        Path log = dir.resolve("node.log");
        ProcessBuilder node = new ProcessBuilder("node", "embeddings.mjs")
                .directory(NODE_CLIENT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("TETHER_BASE_URL", server.url() + "/v1");
        node.environment().put("TETHER_MODEL", EMBEDDER);
        node.environment().put("TETHER_WIDTH", String.valueOf(TestModels.BERT_WIDTH));
        Process process = node.start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("node finished; output:\n" + output).isTrue();
        assertThat(process.exitValue()).as("node exit code; output:\n" + output).isZero();
        assertThat(output).contains("ok base64Decoded", "ok floatMatchesBase64", "ok emptyInputIsRejected");
    }

    private static void assertError(Http.Response response, String param, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(response.json().at("/error/param").asText()).isEqualTo(param);
        assertThat(response.json().at("/error/code").asText()).isEqualTo(code);
    }

    private static String kind(JsonNode models, String name) {
        for (JsonNode m : models) {
            if (m.path("id").asText().equals(name)) {
                return m.path("kind").asText();
            }
        }
        throw new AssertionError(name + " is not listed: " + models);
    }

    private static float[] floats(JsonNode array) {
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) array.get(i).asDouble();
        }
        return vector;
    }

    private static float[] base64(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = bytes.getFloat();
        }
        return vector;
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static String yaml(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }
}
