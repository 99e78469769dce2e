package dev.tether.toolsets.mail;

import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolUnavailableException;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code args} every mail tool reads: one account (IMAP, a Maildir or mbox), the limits, and the two switches
 * that allow changes: {@code organize} (move, flag) and {@code send}. Passwords come from environment variables
 * named here and are never printed: {@link Server#toString()} hides them.
 */
record MailSettings(
        Optional<Server> imap,
        Optional<Path> maildir,
        Optional<Path> mbox,
        Optional<Server> smtp,
        String address,
        String draftsFolder,
        int maxChars,
        int maxResults,
        boolean organize,
        boolean send) {

    enum Security {
        SSL,
        STARTTLS,
        NONE
    }

    /** A mail server and its login; {@code sslTrust} lists hosts whose certificates are trusted as is. */
    record Server(
            String host,
            int port,
            Security security,
            String username,
            String password,
            Duration connectTimeout,
            Duration readTimeout,
            Optional<String> sslTrust) {
        @Override
        public String toString() {
            return "Server[" + username + "@" + host + ":" + port + ", " + security + "]";
        }
    }

    static MailSettings from(ToolContext context) {
        Config args = context.args();
        Optional<Server> imap = args.get("imap").exists()
                ? Optional.of(server(args.get("imap"), args, context, 993, "imap"))
                : Optional.empty();
        Optional<Path> maildir = args.get("maildir").asString().asOptional().map(MailSettings::expandHome);
        Optional<Path> mbox = args.get("mbox").asString().asOptional().map(MailSettings::expandHome);
        int accounts = (imap.isPresent() ? 1 : 0) + (maildir.isPresent() ? 1 : 0) + (mbox.isPresent() ? 1 : 0);
        if (accounts != 1) {
            throw new ToolUnavailableException("configure exactly one of args.imap, args.maildir or args.mbox");
        }
        boolean send = args.get("send").asBoolean().orElse(false);
        Optional<Server> smtp = args.get("smtp").exists()
                ? Optional.of(server(args.get("smtp"), args, context, 465, "smtp"))
                : Optional.empty();
        if (send && smtp.isEmpty()) {
            throw new ToolUnavailableException("send: true needs args.smtp (host, port, security)");
        }
        String address = args.get("address")
                .asString()
                .orElse(imap.map(Server::username).filter(u -> u.contains("@")).orElse(""));
        return new MailSettings(
                imap,
                maildir,
                mbox,
                smtp,
                address,
                args.get("drafts_folder").asString().orElse("Drafts"),
                args.get("max_chars").asInt().orElse(4000),
                args.get("max_results").asInt().orElse(50),
                args.get("organize").asBoolean().orElse(false),
                send);
    }

    private static Server server(Config node, Config args, ToolContext context, int defaultPort, String what) {
        String host = node.get("host")
                .asString()
                .asOptional()
                .orElseThrow(() -> new ToolUnavailableException("args." + what + ".host is missing"));
        Security security = node.get("security")
                .asString()
                .map(s -> Security.valueOf(s.toUpperCase()))
                .orElse(Security.SSL);
        int port = node.get("port")
                .asInt()
                .orElse(security == Security.SSL ? defaultPort : what.equals("imap") ? 143 : 587);
        Config login = node.get("password_env").exists() ? node : args.get("imap");
        String username = env(login, "username_env", context).orElse("");
        String password;
        if (what.equals("smtp") && !login.get("password_env").exists()) {
            password = ""; // a local relay that takes mail without a login
        } else {
            password = env(login, "password_env", context)
                    .orElseThrow(() -> new ToolUnavailableException(
                            "args." + what + ": the environment variable named by password_env ("
                                    + login.get("password_env").asString().orElse("not set") + ") is empty"));
        }
        return new Server(
                host,
                port,
                security,
                username,
                password,
                Duration.ofMillis(args.get("connect_timeout_ms").asLong().orElse(5_000L)),
                Duration.ofMillis(args.get("read_timeout_ms").asLong().orElse(15_000L)),
                node.get("ssl_trust").asString().asOptional());
    }

    private static Optional<String> env(Config node, String key, ToolContext context) {
        return node.get(key).asString().asOptional().flatMap(context::env);
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
        }
        return Path.of(path);
    }

    /** Removes every secret this account knows from a text (server messages may echo what they got). */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String clean = text;
        for (Server server : new Server[] {imap.orElse(null), smtp.orElse(null)}) {
            if (server != null && !server.password().isEmpty()) {
                clean = clean.replace(server.password(), "***");
            }
        }
        return clean;
    }
}
