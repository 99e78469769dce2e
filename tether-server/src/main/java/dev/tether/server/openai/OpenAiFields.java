package dev.tether.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.server.http.CompatFields;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The request fields the chat completions and Responses APIs read alike, refused as {@link OpenAiError}s. */
public final class OpenAiFields {

    /** Optional scalars: a wrong one is {@code invalid_value} naming the field. */
    public static final CompatFields FIELDS =
            new CompatFields((field, must) -> OpenAiError.invalid(field, "invalid_value", field + " " + must));

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiFields() {}

    /**
     * {@code tools}: none when absent; each must be of type {@code function} ({@code notFunction} makes the refusal,
     * given the tool and where its type is) and has its definition under {@code definition} ({@code ""}: in the tool
     * itself).
     */
    public static List<ToolSpec> tools(
            JsonNode node, String definition, BiFunction<JsonNode, String, OpenAiError> notFunction) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw OpenAiError.invalid("tools", "invalid_tools", "tools must be an array");
        }
        List<ToolSpec> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw notFunction.apply(tool, at + ".type");
            }
            tools.add(
                    definition.isEmpty()
                            ? function(tool, at, names)
                            : function(tool.path(definition), at + "." + definition, names));
        }
        return List.copyOf(tools);
    }

    /**
     * A function tool's {@code name}, {@code description} and {@code parameters}, read from {@code function} (at
     * {@code at} in the body); {@code names} holds the names read so far, so that a second tool of one name is refused.
     */
    private static ToolSpec function(JsonNode function, String at, Set<String> names) {
        String name = function.path("name").asText("");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw OpenAiError.invalid(
                    at + ".name", "invalid_tools", "a function name is 1 to 64 letters, digits, _ or -");
        }
        if (!names.add(name)) {
            throw OpenAiError.invalid(at + ".name", "invalid_tools", "two tools are named " + name);
        }
        JsonNode parameters = function.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw OpenAiError.invalid(at + ".parameters", "invalid_tools", "parameters must be a JSON Schema object");
        }
        ObjectNode schema = parameters.isObject()
                ? (ObjectNode) parameters
                : JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode());
        return new ToolSpec(name, function.path("description").asText(""), schema, null);
    }

    /**
     * {@code tool_choice}: {@code auto} when absent, {@code auto}, {@code none}, {@code required}, or the API's named
     * form ({@code namedForm} in the refusal), whose name node {@code name} finds (a missing node when it is not that
     * form). A choice the tools cannot meet is refused.
     */
    public static ToolChoice toolChoice(
            JsonNode node, List<ToolSpec> tools, Function<JsonNode, JsonNode> name, String namedForm) {
        if (node.isMissingNode() || node.isNull()) {
            return ToolChoice.AUTO;
        }
        ToolChoice choice;
        if (node.isTextual() && List.of("auto", "none", "required").contains(node.asText())) {
            choice = ToolChoice.parse(node.asText());
        } else if (node.isObject() && name.apply(node).isTextual()) {
            choice = ToolChoice.named(name.apply(node).asText());
        } else {
            throw OpenAiError.invalid(
                    "tool_choice", "invalid_tool_choice", "tool_choice is auto, none, required or " + namedForm);
        }
        if (choice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
            throw OpenAiError.invalid("tool_choice", "invalid_tool_choice", "tool_choice required needs tools");
        }
        if (choice.mode() == ToolChoice.Mode.NAMED
                && tools.stream().noneMatch(t -> t.name().equals(choice.toolName()))) {
            throw OpenAiError.invalid(
                    "tool_choice",
                    "invalid_tool_choice",
                    "tool_choice names " + choice.toolName() + ", which is not in tools");
        }
        return choice;
    }
}
