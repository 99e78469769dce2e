package dev.tether.configfile;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tether's configuration as three layers, highest first: command-line overrides (flat keys like {@code port}), the
 * user's file, and the built-in {@code default.yml}. A value or a list is read whole from the first layer that has
 * it, so a list the user gives replaces the default one (Helidon would otherwise merge lists element by element); a
 * block is merged with the blocks of the lower layers key by key ({@link BlockMerge}).
 * Typed reads fail with a {@link ConfigException} naming the key.
 */
public final class ConfigLayers {

    public static final String DEFAULTS_RESOURCE = "default.yml";

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ConfigLayers.class.getName());

    private final Config overrides;
    private final Config user;
    private final Config defaults;

    private ConfigLayers(Config overrides, Config user, Config defaults) {
        this.overrides = overrides;
        this.user = user;
        this.defaults = defaults;
    }

    /** Reads the defaults, then {@code file} (if any), then {@code overrides}. */
    public static ConfigLayers load(Optional<Path> file, Map<String, String> overrides) {
        Config defaults = Config.just(ConfigSources.classpath(DEFAULTS_RESOURCE));
        Config user = file.map(ConfigLayers::readFile).orElseGet(Config::empty);
        file.ifPresent(
                path -> ConfigKeys.of(defaults).unknown(user).forEach(problem -> LOG.warning(path + ": " + problem)));
        Config flat = overrides.isEmpty() ? Config.empty() : Config.just(ConfigSources.create(overrides));
        return new ConfigLayers(flat, user, defaults);
    }

    private static Config readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("--config", "file not found: " + path);
        }
        YamlSyntax.check(path);
        try {
            Config config = Config.just(ConfigSources.file(path).build());
            config.traverse().forEach(node -> {}); // parse now, so malformed YAML fails here with its file name
            return config;
        } catch (io.helidon.config.ConfigException e) {
            throw new ConfigException(path.toString(), "malformed configuration: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Optional.ofNullable(t.getMessage())
                .orElse(t.toString())
                .lines()
                .findFirst()
                .orElse("");
    }

    /** The command-line overrides alone. */
    public Config overrides() {
        return overrides;
    }

    /** The layers, highest first. */
    public List<Config> all() {
        return List.of(overrides, user, defaults);
    }

    /**
     * {@code key} from the first layer that has it; a block is merged key by key with the blocks of the layers
     * below.
     */
    public Config layer(String key) {
        List<Config> found =
                all().stream().map(c -> c.get(key)).filter(Config::exists).toList();
        if (found.isEmpty()) {
            return defaults.get(key);
        }
        if (!found.get(0).isObject()) {
            return found.get(0);
        }
        List<Config> blocks = found.stream().filter(Config::isObject).toList();
        return blocks.size() == 1 ? blocks.get(0) : BlockMerge.merge(blocks);
    }

    /** {@code key} as the layers above the defaults give it (blocks merged); a missing node if none of them does. */
    public Config withoutDefaults(String key) {
        List<Config> found = List.of(overrides.get(key), user.get(key)).stream()
                .filter(Config::exists)
                .toList();
        if (found.isEmpty()) {
            return Config.empty().get(key);
        }
        List<Config> blocks = found.stream().filter(Config::isObject).toList();
        return !found.get(0).isObject() || blocks.size() == 1 ? found.get(0) : BlockMerge.merge(blocks);
    }

    /** {@code key} in the built-in defaults alone. */
    public Config defaultOf(String key) {
        return defaults.get(key);
    }

    public String string(String key) {
        return value(key, Config::asString).orElse("");
    }

    public List<String> stringList(String key) {
        Config node = layer(key);
        if (!node.exists()) {
            return List.of();
        }
        return node.asList(String.class).orElseThrow(() -> new ConfigException(key, "must be a list of strings"));
    }

    public int integer(String key) {
        return (int) wholeNumber(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longValue(String key) {
        return wholeNumber(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long wholeNumber(String key, long min, long max) {
        String text =
                value(key, Config::asString).map(String::strip).orElseThrow(() -> new ConfigException(key, "missing"));
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below in plain words
        }
        throw new ConfigException(key, "must be a whole number, such as 10, was '" + text + "'");
    }

    public boolean bool(String key) {
        return value(key, c -> c.asBoolean()).orElse(false);
    }

    public int positive(String key) {
        int v = integer(key);
        if (v <= 0) {
            throw new ConfigException(key, "must be a positive number, was " + v);
        }
        return v;
    }

    public int nonNegative(String key) {
        int v = integer(key);
        if (v < 0) {
            throw new ConfigException(key, "must not be negative, was " + v);
        }
        return v;
    }

    /** The non-blank string {@code child} of {@code node}, whose full key is {@code key}. */
    public static String required(Config node, String key, String child) {
        return node.get(child)
                .asString()
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new ConfigException(key + "." + child, "missing"));
    }

    public <T> Optional<T> value(String key, Function<Config, ConfigValue<T>> type) {
        Config node = layer(key);
        if (!node.exists()) {
            return Optional.empty();
        }
        try {
            return type.apply(node).asOptional();
        } catch (io.helidon.config.ConfigException e) {
            throw new ConfigException(key, "has the wrong type: " + rootMessage(e), e);
        }
    }
}
