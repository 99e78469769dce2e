package dev.tether.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.llamacpp.LlamaCppBuild;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.server.Http;
import dev.tether.server.faults.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A long conversation resumed after Tether restarts, with and without {@code kv_persist}: the real server in its own
 * JVM on llama-server and a random-weight qwen3 512 wide with 8 layers (Qwen3's real tokenizer and template). For each
 * size it holds two conversations (one per setting, each in its own data folder) of turns of about {@code --turn}
 * tokens until the prompt reaches the size, and stops the server (SIGTERM). Then, {@code --rounds} times and
 * alternating the two settings, it starts a new server on the folder, loads the model with a turn of another session
 * and times the conversation's next turn: its first token, the restore, and the tokens llama-server read (from its
 * own log); medians are printed, with the saved file's size and the median save. Last, over every turn, the time from
 * the last streamed token to {@code done} (p50 and p90), which a save must not delay.
 * Usage: {@code bench/kv-resume [--sizes 1000,4000,8000] [--threads N] [--turn 500] [--rounds 3]}.
 */
public final class KvResumeBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "tether-qwen3-512x8";
    private static final Pattern SAVED =
            Pattern.compile("saved (\\d+) tokens of session (\\S+) \\((\\d+) bytes\\) in ([\\d.]+) ms");
    private static final Pattern RESTORED =
            Pattern.compile("restored (\\d+) tokens of session (\\S+) \\((\\d+) bytes\\) in ([\\d.]+) ms");
    private static final Pattern PROMPT_READ = Pattern.compile("prompt eval time = +([\\d.]+) ms / +(\\d+) tokens");

    private KvResumeBench() {}

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int[] sizes = Arrays.stream(arg(options, "--sizes", "1000,4000,8000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int threads = Integer.parseInt(
                arg(options, "--threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        int turn = Integer.parseInt(arg(options, "--turn", "500"));
        int rounds = Integer.parseInt(arg(options, "--rounds", "3"));
        Path model = TestModels.qwen3Wide();
        System.out.printf(
                "model %s (%d MB), llama-server %s, %d threads, %d CPUs, load average %s%n%n",
                NAME,
                Files.size(model) >> 20,
                LlamaCppBuild.server(),
                threads,
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println("| conversation | first token after restart: without / with kv_persist (ratio) "
                + "| restore | tokens read after restart: without / with | file | save per turn "
                + "| turn while holding it (not the first, which loads the model), p50: without / with |");
        System.out.println("|---|---|---|---|---|---|---|");
        int context = Arrays.stream(sizes).max().orElse(1000) + 2 * turn + 1024;
        List<Double> gapsOff = new ArrayList<>();
        List<Double> gapsOn = new ArrayList<>();
        for (int size : sizes) {
            Conversation off = Conversation.hold(model, size, false, threads, turn, context);
            Conversation on = Conversation.hold(model, size, true, threads, turn, context);
            List<Resumed> offRuns = new ArrayList<>();
            List<Resumed> onRuns = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                offRuns.add(off.resume());
                onRuns.add(on.resume());
            }
            off.turns().forEach(t -> gapsOff.add(t.doneMs() - t.lastTokenMs()));
            on.turns().forEach(t -> gapsOn.add(t.doneMs() - t.lastTokenMs()));
            offRuns.forEach(r -> gapsOff.add(r.turn().doneMs() - r.turn().lastTokenMs()));
            onRuns.forEach(r -> gapsOn.add(r.turn().doneMs() - r.turn().lastTokenMs()));
            double firstOff =
                    median(offRuns.stream().map(r -> r.turn().firstTokenMs()).toList());
            double firstOn =
                    median(onRuns.stream().map(r -> r.turn().firstTokenMs()).toList());
            System.out.printf(
                    "| %,d tokens (%d turns) | %.0f / %.0f ms (%.3f) | %.1f ms | %.0f / %.0f | %.1f MB | %.1f ms "
                            + "| %.0f / %.0f ms |%n",
                    on.turns().getLast().promptTokens(),
                    on.turns().size(),
                    firstOff,
                    firstOn,
                    firstOn / firstOff,
                    median(onRuns.stream().map(Resumed::restoreMs).toList()),
                    median(offRuns.stream().map(r -> (double) r.tokensRead()).toList()),
                    median(onRuns.stream().map(r -> (double) r.tokensRead()).toList()),
                    on.fileBytes() / 1e6,
                    on.saveMs(),
                    median(off.turns().stream().skip(1).map(Turn::doneMs).toList()),
                    median(on.turns().stream().skip(1).map(Turn::doneMs).toList()));
        }
        System.out.printf(
                "%nlast streamed token → done, p50 over %d / %d turns: without %.2f ms, with kv_persist %.2f ms "
                        + "(p90 %.2f / %.2f ms)%n",
                gapsOff.size(),
                gapsOn.size(),
                median(gapsOff),
                median(gapsOn),
                percentile(gapsOff, 0.9),
                percentile(gapsOn, 0.9));
    }

    /** One streamed turn: when its first and last token came, when {@code done} came, and the prompt's size. */
    private record Turn(double firstTokenMs, double lastTokenMs, double doneMs, int promptTokens) {}

    /** The turn after a restart, how long its restore took (NaN: none) and how many tokens llama-server read. */
    private record Resumed(Turn turn, double restoreMs, int tokensRead) {}

    /** A conversation held through one server process (its own data folder), then resumed by new ones. */
    private record Conversation(
            Path dir, Path config, List<String> jvm, String session, List<Turn> turns, long fileBytes, double saveMs) {

        static Conversation hold(Path model, int size, boolean persist, int threads, int turnTokens, int context)
                throws Exception {
            Path dir = Files.createTempDirectory("tether-kv-bench");
            Path config = dir.resolve("tether.yml");
            Files.writeString(config, """
                    host: 127.0.0.1
                    port: 0
                    data_dir: "%s"
                    providers:
                      model:
                        impl: llamacpp
                        args: { model: "%s", engine: llama-server, llama_server: "%s", n_ctx: %d, parallel: 1,
                                threads: %d, kv_persist: %s }
                      session_store: { url: "jdbc:sqlite:%s" }
                    tools: { enabled: [] }
                    """.formatted(
                            dir, model, LlamaCppBuild.server(), context, threads, persist, dir.resolve("tether.db")));
            Path logging = dir.resolve("logging.properties");
            Files.writeString(logging, """
                    handlers=java.util.logging.ConsoleHandler
                    java.util.logging.ConsoleHandler.level=ALL
                    java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
                    java.util.logging.SimpleFormatter.format=%1$tT %4$s %3$s: %5$s%6$s%n
                    .level=INFO
                    io.helidon.level=WARNING
                    dev.tether.engine.llamacpp.SlotFiles.level=FINE
                    """);
            List<String> jvm = List.of("-Djava.util.logging.config.file=" + logging);
            Random words = new Random(size);
            List<Turn> turns = new ArrayList<>();
            Path log = dir.resolve("server-0.log");
            String session;
            try (ServerProcess server = ServerProcess.start(config, log, jvm)) {
                session = server.http
                        .post("/sessions", "{}")
                        .json()
                        .get("session_id")
                        .asText();
                while (turns.isEmpty() || turns.getLast().promptTokens() < size) {
                    turns.add(turn(server.http, session, text(words, turnTokens), 8));
                }
                if (persist) {
                    awaitSaves(log, session, turns.size());
                }
            } // SIGTERM
            List<Double> bytes = matches(log, SAVED, session, 3);
            return new Conversation(
                    dir,
                    config,
                    jvm,
                    session,
                    turns,
                    bytes.isEmpty() ? 0 : bytes.getLast().longValue(),
                    median(matches(log, SAVED, session, 4)));
        }

        /**
         * Starts a new server on the conversation's data folder, loads the model with a turn of another session (so
         * the timed turn does not include loading), times the conversation's next turn and stops the server.
         */
        Resumed resume() throws Exception {
            Path log = Files.createTempFile(dir, "server-", ".log");
            Turn resumed;
            try (ServerProcess server = ServerProcess.start(config, log, jvm)) {
                String other = server.http
                        .post("/sessions", "{}")
                        .json()
                        .get("session_id")
                        .asText();
                turn(server.http, other, "Hi.", 1);
                resumed = turn(server.http, session, "And then?", 8);
            }
            List<Double> restores = matches(log, RESTORED, session, 4);
            return new Resumed(
                    resumed, restores.isEmpty() ? Double.NaN : restores.getLast(), lastPromptRead(dir.resolve("logs")));
        }
    }

    /** Streams one turn and times it from the request. */
    private static Turn turn(Http http, String session, String prompt, int maxTokens)
            throws IOException, InterruptedException {
        String body = JSON.createObjectNode()
                .put("session_id", session)
                .put("prompt", prompt)
                .put("model_name", NAME)
                .set(
                        "options",
                        JSON.createObjectNode().put("max_tokens", maxTokens).put("seed", 1))
                .toString();
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.stream(body);
        for (int refused = 0; response.statusCode() == 409 && refused < 100; refused++) {
            // the last turn of the session is still closing: a client sending the next one at once is told so
            Http.readAll(response.body());
            Thread.sleep(10);
            start = System.nanoTime();
            response = http.stream(body);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "the turn was refused: " + response.statusCode() + " " + Http.readAll(response.body()));
        }
        double first = -1;
        double last = -1;
        try (BufferedReader lines = Http.reader(response.body())) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                double at = (System.nanoTime() - start) / 1e6;
                JsonNode event = JSON.readTree(line);
                String type = event.path("type").asText();
                if (type.equals("token") || type.equals("think")) {
                    first = first < 0 ? at : first;
                    last = at;
                } else if (type.equals("error")) {
                    throw new IllegalStateException("the turn failed: " + line);
                } else if (type.equals("done")) {
                    int read = event.path("data")
                            .path("usage")
                            .path("prompt_tokens")
                            .asInt();
                    return new Turn(first, last < 0 ? at : last, at, read);
                }
            }
        }
        throw new IllegalStateException("the stream ended without done");
    }

    /** About {@code tokens} tokens of varied words (one word is about one token here). */
    private static String text(Random random, int tokens) {
        String[] vocabulary = {
            "river", "mill", "dawn", "stone", "bridge", "lantern", "harvest", "letter", "market", "winter", "garden",
            "north", "copper", "signal", "valley", "orchard", "engine", "ledger", "harbor", "meadow"
        };
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            text.append(vocabulary[random.nextInt(vocabulary.length)]).append(i % 12 == 11 ? ".\n" : " ");
        }
        return text.toString();
    }

    /** Waits (a minute at most) until the server's log shows {@code count} saves of the session. */
    private static void awaitSaves(Path log, String session, int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (matches(log, SAVED, session, 4).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Group {@code group} of every line of {@code log} that {@code pattern} finds for {@code session}. */
    private static List<Double> matches(Path log, Pattern pattern, String session, int group) throws IOException {
        List<Double> found = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = pattern.matcher(line);
            if (m.find() && m.group(2).equals(session)) {
                found.add(Double.parseDouble(m.group(group)));
            }
        }
        return found;
    }

    /** The prompt tokens llama-server read for its last completion (its log's last {@code prompt eval time}). */
    private static int lastPromptRead(Path logs) throws IOException {
        int last = -1;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = PROMPT_READ.matcher(line);
                    if (m.find()) {
                        last = Integer.parseInt(m.group(2));
                    }
                }
            }
        }
        return last;
    }

    private static double percentile(List<Double> values, double share) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * share));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    private static String arg(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
