package dev.tether.toolsets.web;

/** Measurement units of a weather answer (JSON: {@code metric} or {@code imperial}). */
public enum Units {
    METRIC,
    IMPERIAL
}
