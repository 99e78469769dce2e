package dev.tether.mcp;

/**
 * The stdio launcher's entry point, compiled for Java 8 so that an old {@code java} on the PATH gets a sentence
 * on stderr instead of an {@code UnsupportedClassVersionError} — which a desktop assistant shows only as
 * "Connection closed". On Java 21+ it hands over to {@link McpMain}.
 */
public final class Launcher {

    static final int REQUIRED = 21;

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(3);
        }
        // by name: this class must load on Java 8, McpMain needs 21
        Class.forName("dev.tether.mcp.McpMain")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    /** A sentence when {@code version} (e.g. {@code 1.8}, {@code 17}) is too old; null when it will do. */
    static String problem(String version, String javaHome) {
        int major;
        try {
            major = Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
        } catch (NumberFormatException | NullPointerException e) {
            return null; // unknown: let it try
        }
        if (major >= REQUIRED) {
            return null;
        }
        return "tether-mcp needs Java " + REQUIRED + " or newer, but was started with Java " + version + " ("
                + javaHome + "). Put the full path of a JDK " + REQUIRED + "+ java in the MCP client's "
                + "\"command\"; `./tether mcp config` prints a ready block.";
    }
}
