package dev.tether.engine.session;

/** A change to a session's header: a null field stays as it is; an empty system prompt clears it. */
public record SessionUpdate(String title, String systemPrompt) {}
