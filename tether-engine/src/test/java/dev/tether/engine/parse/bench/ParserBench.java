package dev.tether.engine.parse.bench;

import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Throughput of each tool-call parser on model-like text (prose with a tool call every few paragraphs), fed in
 * chunks of about 4 characters like tokens. Prints MB/s (UTF-8 bytes of input) per format.
 * Args: [megabytes of text per run, default 4] [runs, default 7].
 */
public final class ParserBench {

    private static final String[] WORDS = ("the weather in Paris is mild today and a light breeze comes from the west "
                    + "so take a jacket <b>maybe</b> if you go out later; prices {approx} were 3 < 4 € and 日本 😀 \"quoted\"")
            .split(" ");

    private ParserBench() {}

    public static void main(String[] args) {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf(
                "parser throughput, %d MB of model text per run, ~4-char chunks, median of %d runs (JDK %s)%n",
                megabytes, runs, Runtime.version());
        System.out.printf("%-8s %10s %10s %12s%n", "format", "MB/s", "calls/run", "events/run");
        bench("seed", megabytes, runs, i -> "<<function_call>> " + call(i, "arguments"));
        bench(
                "hermes",
                megabytes,
                runs,
                i -> (i % 4 == 0 ? "<think>" + prose(i, 30) + "</think>\n" : "") + "<tool_call>\n"
                        + call(i, "arguments") + "\n</tool_call>");
        bench(
                "llama3",
                megabytes,
                runs,
                i -> "<|python_tag|>" + call(i, "parameters") + "; " + call(i + 1, "parameters"));
        bench(
                "mistral",
                megabytes,
                runs,
                i -> "[TOOL_CALLS][" + call(i, "arguments") + ", " + call(i + 1, "arguments") + "]");
    }

    private static void bench(String format, int megabytes, int runs, IntFunction<String> callMarkup) {
        List<String> chunks = chunks(text(megabytes * 1_000_000, callMarkup));
        long bytes = chunks.stream()
                .mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        for (int i = 0; i < 3; i++) {
            parse(format, chunks);
        }
        double[] mbPerSecond = new double[runs];
        int[] counts = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            counts = parse(format, chunks);
            mbPerSecond[i] = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(mbPerSecond);
        System.out.printf("%-8s %10.1f %10d %12d%n", format, mbPerSecond[runs / 2], counts[0], counts[1]);
    }

    /** Returns {calls, events}. */
    private static int[] parse(String format, List<String> chunks) {
        ToolCallParser parser = ToolFormats.byName(format).newParser(32_768);
        int calls = 0;
        int events = 0;
        for (String chunk : chunks) {
            for (ModelEvent event : parser.feed(chunk)) {
                events++;
                calls += event instanceof ModelEvent.Call ? 1 : 0;
            }
        }
        for (ModelEvent event : parser.finish()) {
            events++;
            calls += event instanceof ModelEvent.Call ? 1 : 0;
        }
        return new int[] {calls, events};
    }

    /** Paragraphs of prose, a tool call after every third one. */
    private static String text(int chars, IntFunction<String> callMarkup) {
        StringBuilder out = new StringBuilder(chars + 1000);
        for (int i = 0; out.length() < chars; i++) {
            out.append(prose(i, 120)).append("\n\n");
            if (i % 3 == 2) {
                out.append(callMarkup.apply(i)).append("\n\n");
            }
        }
        return out.toString();
    }

    private static String prose(int seed, int words) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return out.toString();
    }

    private static String call(int i, String argumentsKey) {
        return "{\"name\": \"get_weather\", \"" + argumentsKey + "\": {\"city\": \"Paris " + i
                + "\", \"note\": \"a {brace} and a \\\"quote\\\"\", \"days\": [1, 2, 3]}}";
    }

    /** About 4 characters per chunk, never splitting a surrogate pair, as a tokenizer's pieces would. */
    private static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>(text.length() / 4 + 1);
        Random random = new Random(42);
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + 2 + random.nextInt(5));
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            chunks.add(text.substring(at, end));
            at = end;
        }
        return chunks;
    }
}
