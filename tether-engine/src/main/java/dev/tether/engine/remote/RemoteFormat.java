package dev.tether.engine.remote;

import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import io.helidon.config.Config;

/**
 * How a remote provider passes tools, from its {@code tool_format} arg: {@code native} (the default) sends them in
 * the server's {@code tools} field and reads its structured calls; any of Tether's format names (e.g.
 * {@code seed}) teaches them in the system prompt and parses the model's text instead — for models the server
 * runs without tool support.
 */
final class RemoteFormat {

    private final ToolFormat prompted;

    private RemoteFormat(ToolFormat prompted) {
        this.prompted = prompted;
    }

    static RemoteFormat from(Config args) {
        String name = args.get("tool_format").asString().orElse("native");
        if (name.equals("native")) {
            return new RemoteFormat(null);
        }
        try {
            return new RemoteFormat(ToolFormats.byName(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("args.tool_format: native, or " + e.getMessage());
        }
    }

    boolean isNative() {
        return prompted == null;
    }

    ToolFormat toolFormat() {
        return isNative() ? NativeFormat.INSTANCE : prompted;
    }

    /** A chunk of the model's visible text. */
    String text(String text) {
        return isNative() ? NativeFormat.text(text) : text;
    }

    /** A chunk of reasoning the server sent apart from the text. */
    String thinking(String text) {
        return isNative() ? NativeFormat.thinking(text) : "<think>" + text + "</think>";
    }
}
