package dev.tether.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigLayers;
import dev.tether.tool.privatedata.DiaryTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ToolRegistry> opened = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        opened.forEach(ToolRegistry::close);
    }

    private ToolRegistry registry(Duration timeout, Object... tools) {
        ToolRegistry.Builder b = ToolRegistry.builder().timeout(timeout);
        for (Object t : tools) {
            b.add(null, t);
        }
        ToolRegistry r = b.build();
        opened.add(r);
        return r;
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void aToolPackageGivesItsHintsToEveryToolInIt() {
        ToolRegistry r = registry(
                Duration.ofSeconds(5),
                new DiaryTools.Diary(),
                new DiaryTools.DiaryShare(),
                new SampleTools.Everything());

        assertThat(r.spec("diary").orElseThrow().hints()).isEqualTo(new ToolSpec.Hints(true, false, false, true));
        assertThat(r.spec("diary_share").orElseThrow().hints()).isEqualTo(new ToolSpec.Hints(true, false, true, true));
        assertThat(r.readsPrivateData("diary")).isTrue();
        assertThat(r.readsPrivateData("forecast_like")).isFalse();
    }

    @Test
    void schemaIsGeneratedFromTheRunMethod() throws Exception {
        ToolSpec spec = registry(Duration.ofSeconds(5), new SampleTools.Everything())
                .spec("forecast_like")
                .orElseThrow();

        assertThat(spec.description()).isEqualTo("Every parameter kind.");
        assertThat(spec.hints()).isEqualTo(new ToolSpec.Hints(true, false, true));
        ObjectNode schema = spec.inputSchema();
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("required")).isEqualTo(json("[\"place\"]"));
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        JsonNode p = schema.get("properties");
        assertThat(p.get("place")).isEqualTo(json("{\"type\":\"string\",\"description\":\"A place\"}"));
        assertThat(p.get("days"))
                .isEqualTo(
                        json(
                                "{\"type\":\"integer\",\"description\":\"How many days\",\"minimum\":1,\"maximum\":16,\"default\":3}"));
        assertThat(p.get("units"))
                .isEqualTo(
                        json(
                                "{\"type\":\"string\",\"enum\":[\"metric\",\"imperial\"],\"description\":\"Units\",\"default\":\"metric\"}"));
        assertThat(p.get("detail").get("enum")).isEqualTo(json("[\"short\",\"long\"]"));
        assertThat(p.get("ratio").get("type").asText()).isEqualTo("number");
        assertThat(p.get("flags"))
                .isEqualTo(
                        json(
                                "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"Flags\",\"default\":[]}"));
        assertThat(p.get("verbose").get("type").asText()).isEqualTo("boolean");
    }

    @Test
    void argumentsAreBoundWithDefaults() throws Exception {
        ToolRegistry r = registry(Duration.ofSeconds(5), new SampleTools.Everything());

        ToolOutcome out =
                r.invoke("forecast_like", json("{\"place\":\"Oslo\",\"units\":\"imperial\",\"flags\":[\"x\"]}"));

        assertThat(out.isError()).isFalse();
        assertThat(out.result())
                .isEqualTo(json("{\"place\":\"Oslo\",\"days\":3,\"units\":\"IMPERIAL\","
                        + "\"detail\":\"short\",\"ratio\":0.5,\"flags\":[\"x\"],\"verbose\":false}"));
    }

    @Test
    void badArgumentsAreRefusedBeforeTheCallWithAClearMessage() throws Exception {
        ToolRegistry r = registry(Duration.ofSeconds(5), new SampleTools.Everything());

        assertThat(r.invoke("forecast_like", json("{}")).error())
                .contains("invalid arguments")
                .contains("place");
        assertThat(r.invoke("forecast_like", json("{\"place\":\"x\",\"days\":40}"))
                        .error())
                .contains("days");
        assertThat(r.invoke("forecast_like", json("{\"place\":\"x\",\"days\":\"many\"}"))
                        .error())
                .contains("days");
        assertThat(r.invoke("forecast_like", json("{\"place\":\"x\",\"units\":\"kelvin\"}"))
                        .error())
                .contains("units");
        assertThat(r.invoke("forecast_like", json("{\"place\":\"x\",\"color\":\"red\"}"))
                        .error())
                .contains("color");
        assertThat(r.invoke("forecast_like", json("[1]")).error()).contains("invalid arguments");
    }

    @Test
    void unknownToolIsAnErrorThatNamesTheToolsOffered() {
        assertThat(registry(Duration.ofSeconds(5)).invoke("nope", null).error())
                .isEqualTo("unknown tool: nope; no tools are offered");
        ToolRegistry r = registry(Duration.ofSeconds(5), new SampleTools.Fails(), new SampleTools.Sleeper());
        assertThat(r.invoke("nope", null).error())
                .isEqualTo("unknown tool: nope; the tools offered are fails, sleeper");
    }

    @Test
    void aMisspeltToolNameGetsTheNearestOne() {
        ToolRegistry r = registry(Duration.ofSeconds(5), new SampleTools.Fails(), new SampleTools.Sleeper());

        assertThat(r.invoke("sleper", null).error())
                .isEqualTo("unknown tool: sleper; did you mean sleeper?; the tools offered are fails, sleeper");
        assertThat(r.invoke("teleport", null).error()).doesNotContain("did you mean");
    }

    @Test
    void aToolExceptionIsTheErrorAndAnyOtherExceptionIsNamed() throws Exception {
        ToolRegistry r = registry(Duration.ofSeconds(5), new SampleTools.Fails());

        assertThat(r.invoke("fails", json("{\"how\":\"tool\"}")).error()).isEqualTo("the place is unknown");
        assertThat(r.invoke("fails", json("{\"how\":\"crash\"}")).error()).isEqualTo("fails failed: disk on fire");
    }

    @Test
    void aTimeoutInterruptsTheToolThread() throws Exception {
        SampleTools.Sleeper sleeper = new SampleTools.Sleeper();
        ToolRegistry r = registry(Duration.ofMillis(300), sleeper);

        ToolOutcome out = r.invoke("sleeper", json("{}"));

        assertThat(out.error()).contains("timed out");
        assertThat(sleeper.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void toolsRunOnVirtualThreads() throws Exception {
        ToolRegistry r = registry(Duration.ofSeconds(5), new VirtualProbe());
        assertThat(r.invoke("virtual_probe", json("{}")).result().asBoolean()).isTrue();
    }

    @ToolInfo(name = "virtual_probe", description = "Tells whether it runs on a virtual thread.")
    public static final class VirtualProbe {
        public boolean run() {
            return Thread.currentThread().isVirtual();
        }
    }

    @Test
    void fromConfigBuildsToolsWithTheirArgsAndListsUnavailableOnes() throws Exception {
        ToolsConfig config = config("""
                tools:
                  registry:
                    - { name: greet, impl: dev.tether.tool.SampleTools$Configured, args: { greeting: hi } }
                    - { name: keyed, impl: dev.tether.tool.SampleTools$NeedsKey }
                    - { name: unused, impl: dev.tether.tool.SampleTools$Fails }
                  enabled: [keyed, greet]
                """);

        ToolRegistry r = ToolRegistry.fromConfig(config, k -> null);
        opened.add(r);

        assertThat(r.specs()).extracting(ToolSpec::name).containsExactly("greet");
        assertThat(r.spec("greet").orElseThrow().hints()).isEqualTo(new ToolSpec.Hints(false, true, false));
        assertThat(r.unavailable()).containsEntry("keyed", "SAMPLE_KEY is not set");
        assertThat(r.invoke("greet", json("{\"name\":\"Ada\"}")).result().asText())
                .isEqualTo("hi Ada");
        assertThat(r.invoke("keyed", json("{}")).error())
                .isEqualTo("tool keyed is unavailable: SAMPLE_KEY is not set"
                        + " (its settings go in the tools.registry entry named 'keyed')");

        ToolRegistry withKey = ToolRegistry.fromConfig(config, Map.of("SAMPLE_KEY", "k")::get);
        opened.add(withKey);
        assertThat(withKey.specs()).extracting(ToolSpec::name).containsExactly("keyed", "greet");
    }

    @Test
    void registryEntriesThatAreNotEnabledAreListedAsDisabledWithHowToEnableThem() throws Exception {
        ToolRegistry r = ToolRegistry.fromConfig(config("""
                tools:
                  registry:
                    - { name: greet, impl: dev.tether.tool.SampleTools$Configured, args: { greeting: hi } }
                    - { name: unused, impl: dev.tether.tool.SampleTools$Fails }
                    - { name: gone, impl: com.example.NotOnTheClassPath }
                  enabled: [greet]
                """), k -> null);
        opened.add(r);

        assertThat(r.disabled())
                .containsExactly(
                        new DisabledTool("unused", "Throws what it is told.", "unused"),
                        new DisabledTool("gone", "", "gone"));
        String why = r.invoke("unused", json("{}")).error();
        assertThat(why)
                .isEqualTo("tool unused is disabled: add unused to tools.enabled in the configuration file;"
                        + " its settings go in the tools.registry entry named 'unused' (README: Tools)");
        assertThat(r.invoke("unsed", json("{}")).error())
                .isEqualTo("unknown tool: unsed; did you mean unused? (" + why + "); the tools offered are greet");
    }

    @Test
    void anUnknownToolClassStopsStartUpNamingTheKey() throws Exception {
        ToolsConfig config = config("""
                tools:
                  registry:
                    - { name: x, impl: com.example.Missing }
                  enabled: [x]
                """);
        assertThatThrownBy(() -> ToolRegistry.fromConfig(config, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tools.registry[0].impl: unknown tool class 'com.example.Missing'");
    }

    @Test
    void aClassThatIsNotAToolStopsStartUp() throws Exception {
        ToolsConfig config = config("""
                tools:
                  registry:
                    - { name: x, impl: dev.tether.tool.SampleTools$NotATool }
                  enabled: [x]
                """);
        assertThatThrownBy(() -> ToolRegistry.fromConfig(config, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tools.registry[0].impl: ")
                .hasMessageContaining("@ToolInfo");
    }

    private ToolsConfig config(String yaml) throws Exception {
        Path file = dir.resolve("tether.yml");
        Files.writeString(file, yaml);
        return ToolsConfig.read(ConfigLayers.load(Optional.of(file), Map.of()));
    }
}
