package dev.tether.engine.parse;

/**
 * A format written with fixed markers, read by {@link MarkedParser}: the subclass gives its {@link MarkedSyntax}
 * and the marker by which a chat template shows it teaches the format (unless that is the call's open marker).
 */
abstract class MarkedFormat extends AbstractToolFormat {

    private final String templateMarker;

    MarkedFormat(MarkedSyntax syntax) {
        this(syntax, syntax.callOpen());
    }

    MarkedFormat(MarkedSyntax syntax, String templateMarker) {
        super(syntax.name(), maxToolChars -> new MarkedParser(syntax, maxToolChars));
        this.templateMarker = templateMarker;
    }

    @Override
    public boolean taughtBy(String templateSource) {
        return templateSource.contains(templateMarker);
    }
}
