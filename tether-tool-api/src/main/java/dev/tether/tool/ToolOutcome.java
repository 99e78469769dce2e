package dev.tether.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** What a tool call produced: a JSON result, or an error message (then {@code result} is JSON null). */
public record ToolOutcome(JsonNode result, String error) {

    public ToolOutcome {
        result = result == null ? NullNode.getInstance() : result;
    }

    public static ToolOutcome success(JsonNode result) {
        return new ToolOutcome(result, null);
    }

    public static ToolOutcome failure(String error) {
        return new ToolOutcome(NullNode.getInstance(), error);
    }

    public boolean isError() {
        return error != null;
    }
}
