package dev.tether.engine.parse;

import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelProvider;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A provider whose models write plain text (the embedded llama.cpp engine, the scripted model): tools are taught in
 * the system message in the model's {@link ToolFormat}, and the text it writes is parsed by that format's parser
 * into {@link ModelEvent}s.
 */
public interface TextModelProvider extends ModelProvider {

    /** The tool-call format {@code model} writes: it decides the parser and the tool instructions. */
    ToolFormat toolFormat(String model);

    /**
     * Streams the raw text for {@code prompted} (whose system message already teaches the tools) to {@code chunks};
     * otherwise as {@link #generate}.
     */
    GenerationResult generateText(GenerationRequest prompted, Consumer<String> chunks);

    @Override
    default GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        return generateAsText(request, events, toolFormat(request.model()), this::generateText);
    }

    /**
     * The text path for any text engine: teaches the tools in {@code format}, runs {@code text} and parses what
     * it writes into {@code events}.
     */
    static GenerationResult generateAsText(
            GenerationRequest request,
            Consumer<ModelEvent> events,
            ToolFormat format,
            BiFunction<GenerationRequest, Consumer<String>, GenerationResult> text) {
        GenerationRequest prompted = request.withMessages(
                ToolInstructions.teach(request.messages(), format, request.tools(), request.options()));
        ToolCallParser parser = format.newParser(request.maxToolChars());
        try {
            return text.apply(prompted, chunk -> parser.feed(chunk, request.cancel(), events));
        } finally {
            parser.finish(request.cancel(), events);
        }
    }
}
