package dev.tether.engine.template;

import dev.tether.engine.parse.PromptJson;
import dev.tether.tool.ToolSpec;
import java.util.Map;

/** Prompt JSON as chat templates write it ({@link PythonJson}), for the tool formats' prompt syntax. */
final class TemplateJson implements PromptJson {

    static final TemplateJson INSTANCE = new TemplateJson();

    private TemplateJson() {}

    @Override
    public String dumps(Object value) {
        return PythonJson.dumps(value);
    }

    @Override
    public String dumps(Object value, int indent) {
        return PythonJson.dumps(value, indent);
    }

    @Override
    public Map<String, Object> tool(ToolSpec tool) {
        return TemplateValues.tool(tool);
    }
}
