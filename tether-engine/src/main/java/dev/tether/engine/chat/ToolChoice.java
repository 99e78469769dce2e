package dev.tether.engine.chat;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;

import java.util.Objects;

/** Whether the model may, must or must not call tools this turn, or must call one named tool. */
public record ToolChoice(Mode mode, String toolName) {

    public enum Mode { AUTO, NONE, REQUIRED, NAMED }

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
}
