package dev.tether.tool;

/** Thrown by a tool to fail with a message meant for the model and the user (it becomes the error result as is). */
public class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
