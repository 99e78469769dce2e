package dev.tether.configfile;

/** A configuration problem that stops start-up; the message is one line naming the key and the problem. */
public final class ConfigException extends RuntimeException {

    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        this(key, problem, null);
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    /**
     * The same problem under another node: a provider names its keys as the main provider's
     * ({@code providers.model.args.…}); the same provider configured as {@code providers.extra[i]} is re-keyed there.
     */
    public ConfigException relocated(String fromPrefix, String toPrefix) {
        if (fromPrefix.equals(toPrefix) || !key.startsWith(fromPrefix)) {
            return this;
        }
        return new ConfigException(toPrefix + key.substring(fromPrefix.length()), problem, getCause());
    }
}
