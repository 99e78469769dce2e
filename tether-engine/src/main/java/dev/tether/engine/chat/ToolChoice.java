package dev.tether.engine.chat;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.Objects;

/** Whether the model may, must or must not call tools this turn, or must call one named tool. */
public record ToolChoice(Mode mode, String toolName) {

    public enum Mode {
        AUTO,
        NONE,
        REQUIRED,
        NAMED
    }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.NAMED) != (toolName != null && !toolName.isBlank())) {
            throw new IllegalArgumentException("a tool name goes with NAMED and only with it");
        }
    }

    public static ToolChoice named(String toolName) {
        return new ToolChoice(Mode.NAMED, toolName);
    }

    /** {@code auto}, {@code none}, {@code required}, or any other word as a tool's name. */
    public static ToolChoice parse(String text) {
        if (text == null || text.isBlank()) {
            throw new EngineException(ErrorCode.INVALID_TOOL_CHOICE, "tool_choice must not be empty");
        }
        return switch (text) {
            case "auto" -> AUTO;
            case "none" -> NONE;
            case "required" -> REQUIRED;
            default -> named(text);
        };
    }

    /** Whether the model must call a tool ({@code required} or a name) rather than answer in words. */
    public boolean requiresCall() {
        return mode == Mode.REQUIRED || mode == Mode.NAMED;
    }

    /** The tools the model may call, of {@code tools}: none for {@code none}, only the named one for a name. */
    public List<ToolSpec> offered(List<ToolSpec> tools) {
        return switch (mode) {
            case NONE -> List.of();
            case NAMED -> tools.stream().filter(t -> t.name().equals(toolName)).toList();
            case AUTO, REQUIRED -> tools;
        };
    }

    /** {@link #offered}, refusing a name that is not among {@code tools}: BAD_REQUEST {@code unknown_tool}. */
    public List<ToolSpec> offeredStrictly(List<ToolSpec> tools) {
        List<ToolSpec> offered = offered(tools);
        if (mode == Mode.NAMED && offered.isEmpty()) {
            throw new EngineException(
                    ErrorCode.UNKNOWN_TOOL, "tool_choice names a tool that is not offered: " + toolName);
        }
        return offered;
    }

    /**
     * The choice for a turn's {@code n}-th model call: this one for the first, {@code auto} after it (forcing the
     * calls that follow a tool result would loop).
     */
    public ToolChoice forModelCall(int n) {
        return n == 1 ? this : AUTO;
    }
}
