package dev.tether.engine.template;

/** A chat template that does not parse, fails to render, or calls {@code raise_exception}. */
final class TemplateException extends RuntimeException {
    TemplateException(String message) {
        super(message);
    }
}
