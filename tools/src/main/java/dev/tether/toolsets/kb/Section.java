package dev.tether.toolsets.kb;

/** A run of a document's text: the whole file, or one page of a PDF ({@code page} 0 when not paged). */
record Section(int page, String text) {}
