package dev.tether.cli;

import dev.tether.configfile.CommandLine;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code tether chat}'s command line: {@code --url} (default {@code http://127.0.0.1:8080}), {@code --api-key}
 * (or env TETHER_API_KEY), {@code --session ID}, {@code --model NAME}.
 */
record ChatCliArgs(URI url, Optional<String> apiKey, Optional<String> session, Optional<String> model, boolean help) {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    static final String USAGE = """
            Usage: tether chat [--url URL] [--api-key KEY] [--session ID] [--model NAME]
              --url URL       the Tether server (default %s)
              --api-key KEY   the server's API key (or env TETHER_API_KEY)
              --session ID    continue this session instead of picking one
              --model NAME    the model to answer with (default: the server's first)
            In the chat: Enter sends; Ctrl-C stops an answer; /new, /sessions, /model NAME, /tools, /help; /quit or Ctrl-D leaves.""".formatted(DEFAULT_URL);

    /** Parses {@code args}; an unknown option or a missing value is an {@link IllegalArgumentException}. */
    static ChatCliArgs parse(String[] args, Function<String, String> env) {
        CommandLine line = CommandLine.parse(args, Set.of("--url", "--api-key", "--session", "--model"), 0);
        String key = line.option("--api-key").orElseGet(() -> env.apply("TETHER_API_KEY"));
        return new ChatCliArgs(
                baseUrl(line.option("--url").orElse(DEFAULT_URL)),
                Optional.ofNullable(key).filter(k -> !k.isBlank()),
                line.option("--session"),
                line.option("--model"),
                line.help());
    }

    private static URI baseUrl(String text) {
        try {
            URI uri = URI.create(text.endsWith("/") ? text : text + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("--url must be an http(s) URL, not " + text);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url must be an http(s) URL, not " + text, e);
        }
    }
}
