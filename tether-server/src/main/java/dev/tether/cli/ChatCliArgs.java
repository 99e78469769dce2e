package dev.tether.cli;

import java.net.URI;
import java.util.List;
import java.util.Optional;
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
            In the chat: Enter sends; Ctrl-C stops an answer; /new, /sessions, /model NAME, /help; /quit or Ctrl-D leaves."""
            .formatted(DEFAULT_URL);

    /** Parses {@code args}; an unknown option or a missing value is an {@link IllegalArgumentException}. */
    static ChatCliArgs parse(String[] args, Function<String, String> env) {
        String url = DEFAULT_URL;
        String key = null;
        String session = null;
        String model = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (!List.of("--url", "--api-key", "--session", "--model").contains(name)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            String value = eq > 0 ? arg.substring(eq + 1) : i + 1 < args.length ? args[++i] : "";
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--url" -> url = value;
                case "--api-key" -> key = value;
                case "--session" -> session = value;
                default -> model = value;
            }
        }
        if (key == null) {
            key = env.apply("TETHER_API_KEY");
        }
        return new ChatCliArgs(baseUrl(url), Optional.ofNullable(key).filter(k -> !k.isBlank()),
                Optional.ofNullable(session), Optional.ofNullable(model), help);
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
