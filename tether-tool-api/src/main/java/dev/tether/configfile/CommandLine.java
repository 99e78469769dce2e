package dev.tether.configfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One command line of any Tether command, read one way: {@code --name value} or {@code --name=value} for the
 * options the command knows, {@code -h}/{@code --help}, and at most {@code maxPositional} other arguments.
 * A mistake is an {@link IllegalArgumentException} whose message names it.
 */
public record CommandLine(Map<String, String> options, List<String> positional, boolean help) {

    public CommandLine {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        positional = List.copyOf(positional);
    }

    public static CommandLine parse(String[] args, Set<String> knownOptions, int maxPositional) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("-")) {
                if (positional.size() >= maxPositional) {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
                positional.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (!knownOptions.contains(name)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            String value = eq > 0 ? arg.substring(eq + 1) : i + 1 < args.length ? args[++i] : "";
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, value);
        }
        return new CommandLine(options, positional, help);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** The configuration file: {@code --config FILE}, else {@code TETHER_CONFIG} from {@code env} when set. */
    public Optional<Path> configFile(Function<String, String> env) {
        return option("--config")
                .or(() -> Optional.ofNullable(env.apply("TETHER_CONFIG")).filter(s -> !s.isBlank()))
                .map(Path::of);
    }
}
