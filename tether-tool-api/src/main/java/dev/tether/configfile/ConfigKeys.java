package dev.tether.configfile;

import io.helidon.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the keys of a user's configuration that Tether does not know — a misspelt {@code tools.enabeld} would
 * otherwise be ignored without a word — and names the nearest known key. Known keys are those of
 * {@code default.yml} plus the documented ones it leaves commented out; a provider's or a tool's {@code args}
 * belong to that provider or tool and are not checked here.
 */
public final class ConfigKeys {

    /** Keys documented in {@code default.yml}'s comments, known although they have no default. */
    private static final List<String> COMMENTED = List.of(
            "model",
            "providers.model.args.model",
            "providers.model.args.model_name",
            "providers.model.args.n_ctx",
            "providers.model.args.parallel",
            "providers.model.args.max_queued",
            "providers.model.args.keep_alive",
            "providers.model.args.threads",
            "providers.model.args.device",
            "providers.model.args.n_gpu_layers",
            "providers.model.args.native_lib_path",
            "providers.model.args.chat_template",
            "providers.model.args.tool_format",
            "providers.model.args.cache_reuse",
            "providers.model.args.worker_jvm_options",
            "providers.model.args.engine",
            "providers.model.args.llama_server",
            "providers.model.args.llama_server_args",
            "providers.extra",
            "mcp.servers",
            "mcp.servers.*.name",
            "mcp.servers.*.command",
            "mcp.servers.*.args",
            "mcp.servers.*.env",
            "mcp.servers.*.cwd",
            "mcp.servers.*.url",
            "mcp.servers.*.headers_env",
            "mcp.servers.*.enabled",
            "mcp.servers.*.tools",
            "mcp.servers.*.start",
            "mcp.servers.*.reaches_network",
            "mcp.servers.*.reads_private_data",
            "mcp.servers.*.approval",
            "mcp.servers.*.reexport",
            "mcp.servers.*.transport");

    /** Subtrees whose keys belong to a provider or a tool. */
    private static final List<String> FREE_FORM = List.of(
            "providers.model.args",
            "providers.extra",
            "tools.registry",
            "mcp.servers.*.env",
            "mcp.servers.*.headers_env");

    private final Set<String> known;

    private ConfigKeys(Set<String> known) {
        this.known = known;
    }

    /** The keys of {@code defaults} (list items written {@code *}) and the documented commented ones. */
    public static ConfigKeys of(Config defaults) {
        Set<String> known = new LinkedHashSet<>();
        walk(defaults, "", known::add);
        COMMENTED.forEach(known::add);
        return new ConfigKeys(known);
    }

    /** One sentence per unknown key of {@code user}, with the nearest known key where one is close. */
    public List<String> unknown(Config user) {
        List<String> problems = new ArrayList<>();
        walk(user, "", key -> {
            boolean itemOfKnownList = key.endsWith(".*") && known.contains(key.substring(0, key.length() - 2));
            if (!known.contains(key) && !itemOfKnownList) {
                problems.add("unknown key '" + key + "'"
                        + nearest(key)
                                .map(k -> " (did you mean '" + k + "'?)")
                                .orElse(" (the keys are listed in config/tether.example.yml)"));
                return false;
            }
            return true;
        });
        return problems;
    }

    /** Visits every key below {@code node}; descends into a key only while {@code visit} returns true. */
    private static void walk(Config node, String prefix, java.util.function.Predicate<String> visit) {
        for (Config child : node.asNodeList().orElse(List.of())) {
            String name = child.name();
            String key =
                    prefix.isEmpty() ? name : prefix + "." + (name.chars().allMatch(Character::isDigit) ? "*" : name);
            if (!visit.test(key) || FREE_FORM.stream().anyMatch(key::startsWith)) {
                continue;
            }
            if (child.isObject() || child.isList()) {
                walk(child, key, visit);
            }
        }
    }

    private static void walk(Config node, String prefix, java.util.function.Consumer<String> add) {
        walk(node, prefix, key -> {
            add.accept(key);
            return true;
        });
    }

    private record Candidate(String key, int distance) {}

    /**
     * The known key at the smallest edit distance, compared whole or by its last segment (so a top-level
     * {@code engine:} points at {@code providers.model.args.engine}).
     */
    Optional<String> nearest(String key) {
        String last = lastSegment(key);
        return known.stream()
                .map(k -> new Candidate(k, Math.min(distance(key, k), distance(last, lastSegment(k)) + 1)))
                .filter(c -> c.distance() <= Math.max(2, key.length() / 3))
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit (also used to suggest tool names). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
