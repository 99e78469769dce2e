package dev.tether.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.configfile.ConfigException;
import dev.tether.tool.ToolsConfig;
import dev.tether.tool.approval.ApprovalMode;
import io.helidon.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code mcp.servers} and the {@code mcpServers} object of {@code mcp.servers_file} (the format of Claude
 * Desktop's and Cursor's configuration files) into {@link McpServerConfig}s. A bad entry stops start-up with a
 * {@link ConfigException} naming its key; a missing environment variable or command is found when the server
 * starts, and only makes that server unavailable.
 */
public final class McpServersConfig {

    /** A server name is the first part of its tools' names, which models accept only in these characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private McpServersConfig() {}

    public static List<McpServerConfig> read(ToolsConfig.External external) {
        List<McpServerConfig> servers = new ArrayList<>();
        List<Config> nodes = external.servers().asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            servers.add(fromConfig("mcp.servers[" + i + "]", nodes.get(i)));
        }
        if (!external.serversFile().isBlank()) {
            servers.addAll(fromFile(homeRelative(external.serversFile().strip())));
        }
        Set<String> names = new HashSet<>();
        for (McpServerConfig server : servers) {
            if (!names.add(server.name())) {
                throw new ConfigException(server.key() + ".name", "two MCP servers are named " + server.name());
            }
        }
        return List.copyOf(servers);
    }

    static McpServerConfig fromConfig(String key, Config node) {
        String name = name(key, node.get("name").asString().orElse(""));
        Optional<String> command = node.get("command").asString().filter(s -> !s.isBlank());
        Optional<String> url = node.get("url").asString().filter(s -> !s.isBlank());
        McpServerConfig.Transport transport;
        if (command.isPresent() == url.isPresent()) {
            throw new ConfigException(key, "give either command (a stdio server) or url (a Streamable HTTP server)");
        }
        if (command.isPresent()) {
            transport = new McpServerConfig.Transport.Stdio(
                    command.get(),
                    strings(key + ".args", node.get("args")),
                    map(node.get("env")),
                    node.get("cwd").asString().filter(s -> !s.isBlank()).map(Path::of));
        } else {
            String kind =
                    node.get("transport").asString().orElse("streamable_http").strip();
            if (!kind.equals("streamable_http") && !kind.equals("sse")) {
                throw new ConfigException(key + ".transport", "must be streamable_http or sse, was '" + kind + "'");
            }
            transport = new McpServerConfig.Transport.Http(
                    httpUrl(key, url.get()), map(node.get("headers_env")), kind.equals("sse"));
        }
        String start = node.get("start").asString().orElse("lazy").strip();
        if (!start.equals("lazy") && !start.equals("eager")) {
            throw new ConfigException(key + ".start", "must be lazy or eager, was '" + start + "'");
        }
        return new McpServerConfig(
                key,
                name,
                transport,
                bool(key + ".enabled", node.get("enabled"), true),
                strings(key + ".tools", node.get("tools")),
                start.equals("eager"),
                bool(key + ".reaches_network", node.get("reaches_network"), true),
                bool(key + ".reads_private_data", node.get("reads_private_data"), true),
                ApprovalMode.parse(
                        key + ".approval", node.get("approval").asString().orElse("ask")),
                bool(key + ".reexport", node.get("reexport"), false));
    }

    /**
     * The servers of a Claude Desktop / Cursor file: {@code {"mcpServers": {"name": {"command", "args", "env"}
     * or {"url", "headers"}}}}. Such a file has none of Tether's settings, so its servers get the defaults; a
     * literal header value is not taken (it is a secret in a file), use {@code headers_env} in Tether's config.
     */
    static List<McpServerConfig> fromFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("mcp.servers_file", "cannot read " + file + ": " + e.getMessage());
        }
        JsonNode servers = root == null ? null : root.get("mcpServers");
        if (servers == null || !servers.isObject()) {
            throw new ConfigException("mcp.servers_file", file + " has no mcpServers object");
        }
        List<McpServerConfig> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : servers.properties()) {
            String key = "mcp.servers_file " + file.getFileName() + ": mcpServers." + entry.getKey();
            JsonNode s = entry.getValue();
            String name = name(key, entry.getKey());
            boolean disabled = s.path("disabled").asBoolean(false);
            McpServerConfig.Transport transport;
            if (s.hasNonNull("command")) {
                List<String> args = new ArrayList<>();
                s.path("args").forEach(a -> args.add(a.asText()));
                Map<String, String> env = new LinkedHashMap<>();
                s.path("env")
                        .properties()
                        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
                transport = new McpServerConfig.Transport.Stdio(
                        s.get("command").asText(),
                        args,
                        env,
                        Optional.ofNullable(s.get("cwd")).map(JsonNode::asText).map(Path::of));
            } else if (s.hasNonNull("url")) {
                boolean sse =
                        "sse".equals(s.path("type").asText(s.path("transport").asText()));
                transport = new McpServerConfig.Transport.Http(
                        httpUrl(key, s.get("url").asText()), Map.of(), sse);
            } else {
                throw new ConfigException(key, "has neither command nor url");
            }
            out.add(new McpServerConfig(
                    key, name, transport, !disabled, List.of(), false, true, true, ApprovalMode.ASK, false));
        }
        return out;
    }

    private static Path homeRelative(String file) {
        return file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2)) : Path.of(file);
    }

    private static String name(String key, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(key + ".name", "must be 1 to 32 letters, digits, _ or -, was '" + name + "'");
        }
        return name;
    }

    private static String httpUrl(String key, String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(key + ".url", "must be an http(s) URL, was " + url);
        }
        return url;
    }

    private static List<String> strings(String key, Config node) {
        if (!node.exists()) {
            return List.of();
        }
        return node.asList(String.class).orElseThrow(() -> new ConfigException(key, "must be a list of strings"));
    }

    private static Map<String, String> map(Config node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.asNodeList()
                .orElse(List.of())
                .forEach(c -> out.put(c.name(), c.asString().orElse("")));
        return out;
    }

    private static boolean bool(String key, Config node, boolean otherwise) {
        if (!node.exists()) {
            return otherwise;
        }
        try {
            return node.asBoolean().get();
        } catch (io.helidon.config.ConfigException e) {
            throw new ConfigException(key, "must be true or false");
        }
    }
}
