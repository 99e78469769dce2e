package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;

import java.util.List;

/** A {@link MarkedSyntax} as a {@link ToolFormat}; the model's chat template lists the tools itself. */
final class MarkedFormat implements ToolFormat {

    private final MarkedSyntax syntax;

    MarkedFormat(MarkedSyntax syntax) {
        this.syntax = syntax;
    }

    @Override
    public String name() {
        return syntax.name();
    }

    @Override
    public ToolCallParser newParser(int maxToolChars) {
        return new MarkedParser(syntax, maxToolChars);
    }

    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        return "";
    }
}
