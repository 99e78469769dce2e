package dev.tether.config;

/** A configuration problem that stops start-up; the message is one line naming the key and the problem. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
    }
}
