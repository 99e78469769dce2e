package dev.tether.mcp.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name a model calls an MCP server's tool by: {@code <server>__<tool>}, in the characters OpenAI's API accepts
 * (letters, digits, {@code _}, {@code -}; others become {@code _}), at most 64 long. A longer name keeps its start
 * and ends with a hash of the whole name, so it is the same at every start and two long names stay apart.
 */
public final class ToolNames {

    public static final int MAX_LENGTH = 64;
    private static final int HASH_CHARS = 8;

    private ToolNames() {}

    public static String prefix(String server) {
        return server + "__";
    }

    public static String of(String server, String tool) {
        String full = prefix(server) + tool.replaceAll("[^A-Za-z0-9_-]", "_");
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        return full.substring(0, MAX_LENGTH - HASH_CHARS - 1) + "_" + hash(server + "\0" + tool);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
