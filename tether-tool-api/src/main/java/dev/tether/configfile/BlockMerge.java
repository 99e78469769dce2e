package dev.tether.configfile;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges blocks of several layers key by key: a key of a higher block wins, a key only a lower block has is kept.
 * A list or a value is taken whole from the highest block that has it, so a list the user gives replaces the
 * default one instead of being merged element by element.
 */
final class BlockMerge {

    private BlockMerge() {}

    /** The blocks merged, highest first; each must be an object node. */
    static Config merge(List<Config> blocks) {
        return Config.just(ConfigSources.create(mergeObjects(blocks)));
    }

    private static ConfigNode.ObjectNode mergeObjects(List<Config> blocks) {
        Map<String, List<Config>> byKey = new LinkedHashMap<>();
        for (Config block : blocks) {
            for (Config child : block.asNodeList().orElse(List.of())) {
                byKey.computeIfAbsent(child.name(), k -> new java.util.ArrayList<>())
                        .add(child);
            }
        }
        ConfigNode.ObjectNode.Builder merged = ConfigNode.ObjectNode.builder();
        byKey.forEach((key, nodes) -> {
            Config top = nodes.get(0);
            if (top.isObject()) {
                merged.addObject(
                        key,
                        mergeObjects(nodes.stream().filter(Config::isObject).toList()));
            } else if (top.isList()) {
                merged.addList(key, list(top));
            } else if (top.isLeaf()) {
                merged.addValue(key, top.asString().orElse(""));
            }
        });
        return merged.build();
    }

    private static ConfigNode.ListNode list(Config node) {
        ConfigNode.ListNode.Builder list = ConfigNode.ListNode.builder();
        for (Config element : node.asNodeList().orElse(List.of())) {
            if (element.isObject()) {
                list.addObject(mergeObjects(List.of(element)));
            } else if (element.isList()) {
                list.addList(list(element));
            } else {
                list.addValue(element.asString().orElse(""));
            }
        }
        return list.build();
    }
}
