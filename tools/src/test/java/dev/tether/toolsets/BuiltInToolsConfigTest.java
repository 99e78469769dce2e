package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigLayers;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import dev.tether.tool.ToolsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in toolsets found through ServiceLoader, merged with the user's registry, from a real config file. */
class BuiltInToolsConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<ToolRegistry> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ToolRegistry::close);
    }

    private ToolRegistry registry(String yaml) throws Exception {
        ToolRegistry registry = ToolRegistry.fromConfig(config(yaml), Map.<String, String>of()::get);
        opened.add(registry);
        return registry;
    }

    private ToolsConfig config(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("tether.yml"), yaml + "data_dir: \"" + dir.resolve("data") + "\"\n");
        return ToolsConfig.read(ConfigLayers.load(Optional.of(file), Map.of()));
    }

    @Test
    void aUserFileThatOnlyEnablesBuiltInsWorks() throws Exception {
        ToolRegistry registry = registry("tools:\n  enabled: [get_current_time, mail_list]\n");

        assertThat(registry.specs()).extracting(ToolSpec::name).containsExactly("get_current_time");
        ToolOutcome time = registry.invoke("get_current_time", JSON.readTree("{\"timezone\":\"UTC\"}"));
        assertThat(time.isError()).isFalse();
        assertThat(time.result().path("timezone").asText()).isEqualTo("UTC");
        assertThat(registry.unavailable()).containsOnlyKeys("mail_list");
        assertThat(registry.unavailable().get("mail_list")).contains("args.imap, args.maildir or args.mbox");
    }

    @Test
    void theWebToolsReachTheNetworkAndReadNothingPrivate() throws Exception {
        ToolRegistry registry = registry("tools:\n  enabled: [weather, forecast, get_current_time]\n");

        assertThat(registry.specs()).extracting(ToolSpec::name).contains("weather", "forecast");
        for (String web : List.of("weather", "forecast")) {
            assertThat(registry.spec(web).orElseThrow().hints().openWorld()).isTrue();
            assertThat(registry.readsPrivateData(web)).isFalse();
        }
        assertThat(registry.spec("get_current_time").orElseThrow().hints().openWorld())
                .isFalse();
    }

    @Test
    void enabledToolMissingFromRegistryIsNamed() throws Exception {
        ToolsConfig config = config("tools: { enabled: [get_current_time, teleport] }\n");

        assertThatThrownBy(() -> ToolRegistry.fromConfig(config, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tools.enabled: tool 'teleport' is not in tools.registry");
    }

    @Test
    void aMisspeltToolNameGetsTheNearestBuiltInSuggested() throws Exception {
        ToolsConfig config = config("tools: { enabled: [wether] }\n");

        assertThatThrownBy(() -> ToolRegistry.fromConfig(config, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tools.enabled: tool 'wether' is not in tools.registry (did you mean 'weather'?)");
    }

    @Test
    void oneEntryGivesAToolsetItsArgsForAllItsTools() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("note.txt"), "hello from the toolset\n");
        ToolRegistry registry = registry("""
                tools:
                  registry:
                    - { name: files, args: { roots: ["%s"] } }
                  enabled: [list_files, read_file, write_file]
                """.formatted(folder));

        assertThat(registry.specs()).extracting(ToolSpec::name).containsExactly("list_files", "read_file");
        assertThat(registry.readsPrivateData("list_files")).isTrue();
        assertThat(registry.readsPrivateData("read_file")).isTrue();
        assertThat(registry.unavailable().get("write_file")).contains("writable: true");
        JsonNode content = registry.invoke("read_file", JSON.readTree("{\"path\":\"note.txt\"}"))
                .result();
        assertThat(content.path("content").asText()).contains("hello from the toolset");
        JsonNode listing = registry.invoke("list_files", JSON.createObjectNode().put("path", folder.toString()))
                .result();
        assertThat(listing.toString()).contains("note.txt");
    }

    @Test
    void aShortNameNamesOneBuiltInToolUnderTheEntrysName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("a.txt"), "alpha\n");
        ToolRegistry registry = registry("""
                tools:
                  registry:
                    - { name: read_docs, impl: read_file, args: { roots: ["%s"] } }
                  enabled: [read_docs]
                """.formatted(folder));

        assertThat(registry.specs()).extracting(ToolSpec::name).containsExactly("read_docs");
        assertThat(registry.invoke("read_docs", JSON.readTree("{\"path\":\"a.txt\"}"))
                        .result()
                        .path("content")
                        .asText())
                .contains("alpha");
    }

    @Test
    void toolsOfOneToolsetInSeparateEntriesWithEqualArgsShareOneKnowledgeBase() throws Exception {
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("garden.md"), "Water the tomatoes every morning.\n");
        String args = "{ folders: [\"" + notes + "\"], index: notes, wait_sec: 30 }";
        ToolRegistry registry = registry("""
                tools:
                  registry:
                    - { name: kb_search, impl: dev.tether.toolsets.kb.KbSearchTool, args: %s }
                    - { name: kb_index_status, impl: dev.tether.toolsets.kb.KbIndexStatusTool, args: %s }
                  enabled: [kb_search, kb_index_status]
                """.formatted(args, args));

        JsonNode found = registry.invoke("kb_search", JSON.readTree("{\"query\":\"tomatoes\"}"))
                .result();
        JsonNode status =
                registry.invoke("kb_index_status", JSON.readTree("{}")).result();

        assertThat(found.path("passages")).hasSize(1);
        // a second base on the same index would find it locked and search it read-only
        assertThat(status.path("read_only").asBoolean()).isFalse();
        assertThat(status.path("files").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownShortNameListsTheBuiltInToolsets() throws Exception {
        ToolsConfig config = config("tools:\n  registry: [{ name: x, impl: teleport }]\n  enabled: [x]\n");

        assertThatThrownBy(() -> ToolRegistry.fromConfig(config, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tools.registry[0].impl: unknown tool 'teleport'")
                .hasMessageContaining("mail")
                .hasMessageContaining("files");
    }
}
