package dev.tether.engine.llamacpp;

import dev.tether.engine.chat.Message;
import dev.tether.engine.remote.OpenAiWire;
import dev.tether.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cheap upper bound on a prompt's tokens, so that the exact fit ({@link PromptFitter}: a render and a tokenize
 * round trip to llama-server that grow with the history) runs only when a conversation may not fit. A token stands
 * for at least one byte of text, so the messages' and tools' JSON bytes bound their tokens; the template's own text
 * around them is learned from the prompt sizes llama-server reports. A session's bound starts from its previous
 * prompt's reported size and adds only the messages that came since, so it stays close as the history grows.
 * A bound that proves wrong is caught by llama-server's own context check (see {@link LlamaServerModel}).
 */
final class PromptEstimate {

    /** Tokens a template puts around one message (role markers, separators): generous for every family seen. */
    static final int PER_MESSAGE = 16;

    private static final int SESSIONS = 4_096;

    /** What was sent last for a session: how many messages, their hash, the tools' hash, the reported size. */
    private record Sent(int messages, long prefixHash, int toolsHash, int promptTokens) {}

    /** The byte sizes of one request's messages and tools, and the hashes that tell whether a prefix is unchanged. */
    record Sizes(int[] messageBytes, long[] prefixHashes, int toolsBytes, int toolsHash) {

        long bytesFrom(int first) {
            long bytes = 0;
            for (int i = first; i < messageBytes.length; i++) {
                bytes += messageBytes[i];
            }
            return bytes;
        }
    }

    private final Map<String, Sent> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > SESSIONS;
        }
    };
    private int overhead = -1; // template tokens beyond the bytes; -1 until llama-server has reported a prompt

    /** A bound on the prompt's tokens; -1 when none is known yet (then the exact fit runs). */
    int bound(String session, List<Message> messages, List<ToolSpec> tools) {
        return bound(session, measure(messages, tools));
    }

    /** {@link #bound(String, List, List)} of a request already {@link #measure}d. */
    int bound(String session, Sizes sizes) {
        int messages = sizes.messageBytes().length;
        long best = Long.MAX_VALUE;
        synchronized (this) {
            if (overhead >= 0) {
                best = sizes.bytesFrom(0) + sizes.toolsBytes() + overhead;
            }
            Sent sent = session == null ? null : sessions.get(session);
            if (sent != null
                    && sent.messages() <= messages
                    && sent.toolsHash() == sizes.toolsHash()
                    && sent.prefixHash() == sizes.prefixHashes()[sent.messages()]) {
                long added = messages - sent.messages();
                best = Math.min(best, sent.promptTokens() + sizes.bytesFrom(sent.messages()) + PER_MESSAGE * added);
            }
        }
        return best == Long.MAX_VALUE ? -1 : (int) Math.min(Integer.MAX_VALUE, best);
    }

    /** Records the prompt llama-server reported for the messages and tools it was sent. */
    void learn(String session, List<Message> messages, List<ToolSpec> tools, int promptTokens) {
        learn(session, measure(messages, tools), promptTokens);
    }

    /** {@link #learn(String, List, List, int)} for a request already {@link #measure}d. */
    void learn(String session, Sizes sizes, int promptTokens) {
        if (promptTokens <= 0) {
            return;
        }
        int messages = sizes.messageBytes().length;
        long excess = promptTokens - sizes.bytesFrom(0) - sizes.toolsBytes();
        synchronized (this) {
            overhead = (int) Math.max(overhead, Math.max(0, excess));
            if (session != null) {
                sessions.put(
                        session, new Sent(messages, sizes.prefixHashes()[messages], sizes.toolsHash(), promptTokens));
            }
        }
    }

    /** Serializes the messages and tools once, for both {@link #bound} and {@link #learn}. */
    static Sizes measure(List<Message> messages, List<ToolSpec> tools) {
        int[] bytes = new int[messages.size()];
        long[] hashes = new long[messages.size() + 1];
        for (int i = 0; i < bytes.length; i++) {
            String json = OpenAiWire.message(messages.get(i)).toString();
            bytes[i] = json.getBytes(StandardCharsets.UTF_8).length;
            hashes[i + 1] = hashes[i] * 1_000_003L + json.hashCode();
        }
        StringBuilder toolJson = new StringBuilder();
        tools.forEach(t -> toolJson.append(OpenAiWire.tool(t)));
        String toolText = toolJson.toString();
        return new Sizes(bytes, hashes, toolText.getBytes(StandardCharsets.UTF_8).length, toolText.hashCode());
    }
}
