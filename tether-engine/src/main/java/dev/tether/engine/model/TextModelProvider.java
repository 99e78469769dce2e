package dev.tether.engine.model;

import dev.tether.engine.parse.TextOutput;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolInstructions;

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
        ToolFormat format = toolFormat(request.model());
        GenerationRequest prompted = request.withMessages(ToolInstructions.teach(request.messages(), format,
                request.tools(), request.options()));
        TextOutput output = new TextOutput(format.newParser(request.maxToolChars()), request.cancel(), events);
        try {
            return generateText(prompted, output::write);
        } finally {
            output.finish();
        }
    }
}
