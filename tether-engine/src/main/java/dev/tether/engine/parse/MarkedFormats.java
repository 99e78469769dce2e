package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The native tool-call formats of DeepSeek R1 / V3.1, Command R7B and R+, Granite 3.3, functionary v3.1 / v3.2,
 * firefunction v2 and MiniMax M2 / M3, as llama.cpp's chat parsers read them.
 */
final class MarkedFormats {

    static final String DEEPSEEK_CALL = "<｜tool▁call▁begin｜>";
    static final String DEEPSEEK_CALL_END = "<｜tool▁call▁end｜>";
    static final String DEEPSEEK_SEP = "<｜tool▁sep｜>";

    private MarkedFormats() {
    }

    static List<MarkedSyntax> all() {
        return List.of(
                new MarkedSyntax("deepseek", MarkedSyntax.THINK,
                        List.of("<｜tool▁calls▁begin｜>", "<｜tool▁calls▁end｜>"),
                        DEEPSEEK_CALL, DEEPSEEK_CALL_END, false, MarkedFormats::deepseek),
                new MarkedSyntax("command-r7b",
                        List.of(new MarkedSyntax.Reasoning("<|START_THINKING|>", "<|END_THINKING|>")),
                        List.of("<|START_RESPONSE|>", "<|END_RESPONSE|>"),
                        "<|START_ACTION|>", "<|END_ACTION|>", false, json -> list(json, "tool_name", "parameters")),
                new MarkedSyntax("command-r-plus", List.of(), List.of("<|CHATBOT_TOKEN|>"),
                        "Action:", null, false, MarkedFormats::commandRPlus),
                new MarkedSyntax("granite", MarkedSyntax.THINK, List.of("<response>", "</response>"),
                        "<|tool_call|>", null, false, json -> list(json, "name", "arguments")),
                new MarkedSyntax("functionary-v3.1", List.of(), List.of("<|python_tag|>"),
                        "<function=", "</function>", false, MarkedFormats::functionaryV31),
                new MarkedSyntax("functionary-v3.2", List.of(), List.of(),
                        ">>>", ">>>", true, MarkedFormats::functionaryV32),
                new MarkedSyntax("firefunction-v2", List.of(), List.of(),
                        "functools", null, false, json -> list(json, "name", "arguments")),
                new MarkedSyntax("minimax-m2", MarkedSyntax.THINK, List.of(),
                        "<minimax:tool_call>", "</minimax:tool_call>", false, MiniMaxCalls::m2),
                // M3's prompt opens no reasoning; a turn without it starts with a bare </mm:think>
                new MarkedSyntax("minimax-m3", List.of(new MarkedSyntax.Reasoning("<mm:think>", "</mm:think>")),
                        List.of("</mm:think>"), MiniMaxCalls.M3_NAMESPACE + "<tool_call>",
                        MiniMaxCalls.M3_NAMESPACE + "</tool_call>", false, MiniMaxCalls::m3));
    }

    /** V3.1: {@code NAME<｜tool▁sep｜>{args}}; R1: {@code function<｜tool▁sep｜>NAME\n```json\n{args}\n```}. */
    private static List<ModelEvent> deepseek(String payload) {
        int sep = payload.indexOf(DEEPSEEK_SEP);
        if (sep < 0) {
            return List.of(new ModelEvent.InvalidCall("DeepSeek tool call without " + DEEPSEEK_SEP));
        }
        String head = payload.substring(0, sep).strip();
        String rest = payload.substring(sep + DEEPSEEK_SEP.length());
        if (head.equals("function")) {
            int newline = rest.indexOf('\n');
            head = (newline < 0 ? rest : rest.substring(0, newline)).strip();
            rest = newline < 0 ? "" : unfence(rest.substring(newline + 1));
        }
        return List.of(call(head, rest.strip()));
    }

    private static List<ModelEvent> commandRPlus(String payload) {
        String json = unfence(payload.strip());
        if (!json.startsWith("[") && !json.startsWith("{")) {
            return List.of(new ModelEvent.Text("Action:" + payload));
        }
        return list(json, "tool_name", "parameters");
    }

    /** {@code NAME>{args}} (the {@code <function=} was the open marker). */
    private static List<ModelEvent> functionaryV31(String payload) {
        int end = payload.indexOf('>');
        if (end < 0) {
            return List.of(new ModelEvent.InvalidCall("functionary call without '>' after the name"));
        }
        return List.of(call(payload.substring(0, end).strip(), payload.substring(end + 1).strip()));
    }

    /** {@code RECIPIENT\nCONTENT}: {@code all} is text for the user, any other recipient is a call with JSON. */
    private static List<ModelEvent> functionaryV32(String payload) {
        int newline = payload.indexOf('\n');
        String recipient = (newline < 0 ? payload : payload.substring(0, newline)).strip();
        String content = newline < 0 ? "" : payload.substring(newline + 1);
        if (recipient.equals("all")) {
            return content.isEmpty() ? List.of() : List.of(new ModelEvent.Text(content));
        }
        return List.of(call(recipient, content.strip()));
    }

    /** Strips a Markdown code fence ({@code ```json … ```}) around JSON, if there is one. */
    private static String unfence(String text) {
        String body = text.strip();
        if (body.startsWith("```")) {
            int newline = body.indexOf('\n');
            body = newline < 0 ? body.substring(3) : body.substring(newline + 1);
        }
        if (body.endsWith("```")) {
            body = body.substring(0, body.length() - 3);
        }
        return body.strip();
    }

    private static ModelEvent call(String name, String arguments) {
        if (name.isEmpty()) {
            return new ModelEvent.InvalidCall("tool call has no name");
        }
        Optional<JsonNode> args = arguments.isEmpty() ? Optional.of(com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode()) : NativeCalls.read(arguments);
        if (args.isEmpty() || !args.get().isObject()) {
            return new ModelEvent.InvalidCall("arguments of " + name + " are not a JSON object");
        }
        return new ModelEvent.Call(name, (ObjectNode) args.get());
    }

    /** A JSON list of call objects whose name and arguments are under the given keys. */
    private static List<ModelEvent> list(String json, String nameKey, String argumentsKey) {
        Optional<JsonNode> node = NativeCalls.read(json.strip());
        if (node.isEmpty() || !(node.get().isArray() || node.get().isObject())) {
            return List.of(new ModelEvent.InvalidCall("tool calls are not a JSON list"));
        }
        List<ModelEvent> events = new ArrayList<>();
        for (JsonNode item : node.get().isArray() ? node.get() : List.of(node.get())) {
            JsonNode name = item.path(nameKey);
            JsonNode args = item.path(argumentsKey);
            events.add(!name.isTextual() ? new ModelEvent.InvalidCall("tool call has no \"" + nameKey + "\"")
                    : args.isObject() ? new ModelEvent.Call(name.textValue(), (ObjectNode) args)
                    : args.isMissingNode() || args.isNull() ? call(name.textValue(), "")
                    : args.isTextual() ? call(name.textValue(), args.textValue())
                    : new ModelEvent.InvalidCall("arguments of " + name.textValue() + " are not a JSON object"));
        }
        return events;
    }
}
