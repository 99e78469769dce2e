package dev.tether.mcp.client;

import dev.tether.tool.approval.ApprovalMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code mcp.servers} (or of a {@code servers_file}'s {@code mcpServers}).
 *
 * @param key              where it was configured, for messages ({@code mcp.servers[0]})
 * @param name             the prefix of its tools' names
 * @param transport        how to reach it
 * @param tools            the tools offered, by the server's names; empty: all
 * @param eager            start with Tether rather than at first use
 * @param reachesNetwork   its tools may send data off this machine (the default: nobody knows what they do)
 * @param readsPrivateData its tools' results may hold the user's private data (the default)
 * @param approval         ask before each call, allow, or deny
 * @param reexport         Tether's own MCP server offers its tools too
 */
public record McpServerConfig(
        String key,
        String name,
        Transport transport,
        boolean enabled,
        List<String> tools,
        boolean eager,
        boolean reachesNetwork,
        boolean readsPrivateData,
        ApprovalMode approval,
        boolean reexport) {

    public McpServerConfig {
        tools = List.copyOf(tools);
    }

    /** How Tether talks to the server. */
    public sealed interface Transport {
        /** A child process speaking MCP on its stdin and stdout. */
        record Stdio(String command, List<String> args, Map<String, String> env, Optional<Path> cwd)
                implements Transport {
            public Stdio {
                args = List.copyOf(args);
                env = Map.copyOf(env);
            }
        }

        /**
         * A Streamable HTTP endpoint, or with {@code sse} a legacy SSE one (the URL of its event stream);
         * {@code headersEnv} maps a header to the environment variable holding its value (a token stays out of the
         * configuration file).
         */
        record Http(String url, Map<String, String> headersEnv, boolean sse) implements Transport {
            public Http {
                headersEnv = Map.copyOf(headersEnv);
            }

            public Http(String url, Map<String, String> headersEnv) {
                this(url, headersEnv, false);
            }
        }
    }
}
