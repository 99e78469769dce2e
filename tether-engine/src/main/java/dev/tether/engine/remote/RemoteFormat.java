package dev.tether.engine.remote;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import dev.tether.engine.parse.ToolInstructions;
import io.helidon.config.Config;
import java.util.function.Consumer;

/**
 * How a remote provider passes tools, from its {@code tool_format} arg: {@code native} (the default) sends them in
 * the server's {@code tools} field and passes its structured calls on as they are; any of Tether's format names
 * (e.g. {@code seed}) teaches them in the system prompt and parses the model's text instead — for models the
 * server runs without tool support.
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

    /** {@code request} with the tools taught in its system message (only the {@code tool_choice} demand if native). */
    GenerationRequest prompt(GenerationRequest request) {
        return request.withMessages(
                isNative()
                        ? ToolInstructions.demandOnly(request.messages(), request.tools(), request.options())
                        : ToolInstructions.teach(request.messages(), prompted, request.tools(), request.options()));
    }

    /** Where the pieces of one answer go. */
    Output open(GenerationRequest request, Consumer<ModelEvent> events) {
        return isNative()
                ? typed(events)
                : new Output(prompted.newParser(request.maxToolChars()), request.cancel(), events);
    }

    /** An output whose events arrive typed: passed on as they are. */
    static Output typed(Consumer<ModelEvent> events) {
        return new Output(null, null, events);
    }

    /**
     * One answer's output: typed events as they are (native), or text through the prompted format's parser (nothing
     * passed on once {@code cancel} fired).
     */
    record Output(ToolCallParser parsed, Cancellation cancel, Consumer<ModelEvent> events) {

        void text(String text) {
            if (parsed == null) {
                events.accept(new ModelEvent.Text(text));
            } else {
                parsed.feed(text, cancel, events);
            }
        }

        /** Reasoning the server sent apart from the text. */
        void thinking(String text) {
            if (parsed == null) {
                events.accept(new ModelEvent.Thinking(text));
            } else {
                parsed.feed("<think>" + text + "</think>", cancel, events);
            }
        }

        /** Whether structured tool calls are read: only when the server was sent the tools (native). */
        boolean takesCalls() {
            return parsed == null;
        }

        /** A structured tool call (or why one is unusable). */
        void call(ModelEvent call) {
            events.accept(call);
        }

        void finish() {
            if (parsed != null) {
                parsed.finish(cancel, events);
            }
        }
    }
}
