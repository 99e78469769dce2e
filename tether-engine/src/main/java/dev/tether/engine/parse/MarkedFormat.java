package dev.tether.engine.parse;

/**
 * A format written with fixed markers, read by {@link MarkedParser}: the subclass gives its {@link MarkedSyntax}
 * and the marker by which a chat template shows it teaches the format.
 */
abstract class MarkedFormat implements ToolFormat {

    private final MarkedSyntax syntax;
    private final String templateMarker;

    MarkedFormat(MarkedSyntax syntax, String templateMarker) {
        this.syntax = syntax;
        this.templateMarker = templateMarker;
    }

    @Override
    public final String name() {
        return syntax.name();
    }

    @Override
    public final ToolCallParser newParser(int maxToolChars) {
        return new MarkedParser(syntax, maxToolChars);
    }

    @Override
    public boolean taughtBy(String templateSource) {
        return templateSource.contains(templateMarker);
    }
}
