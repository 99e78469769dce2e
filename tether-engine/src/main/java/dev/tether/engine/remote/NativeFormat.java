package dev.tether.engine.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.parse.ParseEvent;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.tool.ToolSpec;

import java.util.List;

/**
 * The format of a remote engine that renders tools itself and returns tool calls and reasoning as structured fields.
 * The engine's tool loop reads model output as text chunks, so a remote provider passes those fields in-band: a
 * chunk that starts with NUL is a control chunk ({@code NUL 'c' {"name","arguments"}}, {@code NUL 't' thinking} or
 * {@code NUL 'x' why a call is unusable}),
 * and the provider replaces NUL in model text, so no model output can forge one.
 */
final class NativeFormat implements ToolFormat {

    static final NativeFormat INSTANCE = new NativeFormat();

    private static final char MARK = '\u0000';
    private static final char CALL = 'c';
    private static final char THINK = 't';
    private static final char INVALID = 'x';
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeFormat() {
    }

    /** A chunk of visible model text, made safe to pass. */
    static String text(String text) {
        return text.replace(MARK, '\uFFFD');
    }

    static String thinking(String text) {
        return MARK + "" + THINK + text;
    }

    static String call(String name, ObjectNode arguments) {
        ObjectNode payload = JSON.createObjectNode().put("name", name);
        payload.set("arguments", arguments);
        return MARK + "" + CALL + payload;
    }

    /** A tool call the remote engine sent but that cannot be run (its arguments are not a JSON object). */
    static String invalid(String message) {
        return MARK + "" + INVALID + message;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public ToolCallParser newParser(int maxToolChars) {
        return new Parser(maxToolChars);
    }

    /** Empty: the remote engine renders the tools it is sent in its own chat template. */
    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        return "";
    }

    /** Stateless: the provider sends every control chunk whole and alone. */
    private record Parser(int maxToolChars) implements ToolCallParser {

        @Override
        public List<ParseEvent> feed(String chunk) {
            if (chunk.isEmpty()) {
                return List.of();
            }
            if (chunk.length() < 2 || chunk.charAt(0) != MARK) {
                return List.of(new ParseEvent.Text(chunk));
            }
            String payload = chunk.substring(2);
            return switch (chunk.charAt(1)) {
                case THINK -> payload.isEmpty() ? List.of() : List.of(new ParseEvent.Thinking(payload));
                case CALL -> List.of(call(payload));
                case INVALID -> List.of(new ParseEvent.Invalid(payload));
                default -> List.of(new ParseEvent.Invalid("unknown control chunk from the provider"));
            };
        }

        private ParseEvent call(String payload) {
            if (payload.length() > maxToolChars) {
                return new ParseEvent.Invalid("tool call is longer than parser.max_tool_chars (" + maxToolChars + ")");
            }
            try {
                JsonNode node = JSON.readTree(payload);
                return new ParseEvent.Call(null, node.get("name").asText(), (ObjectNode) node.get("arguments"));
            } catch (JsonProcessingException | RuntimeException e) {
                return new ParseEvent.Invalid("malformed tool call from the provider");
            }
        }

        @Override
        public List<ParseEvent> finish() {
            return List.of();
        }
    }
}
