package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;
import java.util.Map;

/**
 * JSON as a prompt writes it. Chat templates were written against Python's {@code json.dumps}, which the template
 * package implements; a format writes its tool list and past calls through this, so that it needs no template.
 */
public interface PromptJson {

    /** One line, Python's {@code ", "} and {@code ": "} separators. */
    String dumps(Object value);

    /** Indented by {@code indent} spaces per level. */
    String dumps(Object value, int indent);

    /** {@code tool} as chat templates read it: {@code {"type": "function", "function": {"name", "description", …}}}. */
    Map<String, Object> tool(ToolSpec tool);
}
