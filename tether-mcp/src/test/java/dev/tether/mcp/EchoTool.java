package dev.tether.mcp;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.util.Locale;

/** Test tool: repeats its text, so a test can tell whose answer is whose. */
@ToolInfo(name = "echo", description = "Repeats a text a number of times, in a case style.")
public final class EchoTool {

    public enum Style {
        PLAIN,
        UPPER
    }

    public record Echo(String text, int times) {}

    public Echo run(
            @Param(description = "what to repeat") String text,
            @Param(description = "how often", defaultValue = "1", minimum = 1, maximum = 5) int times,
            @Param(description = "case style", defaultValue = "plain") Style style) {
        String once = style == Style.UPPER ? text.toUpperCase(Locale.ROOT) : text;
        return new Echo(once.repeat(times), times);
    }
}
