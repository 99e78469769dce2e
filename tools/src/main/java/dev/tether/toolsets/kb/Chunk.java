package dev.tether.toolsets.kb;

/**
 * A passage of a document, with where it is: lines (1-based, inclusive) and characters (offset into the file's
 * text, or the page's text for a PDF; end exclusive).
 */
record Chunk(int page, int lineStart, int lineEnd, int charStart, int charEnd, String text) {}
