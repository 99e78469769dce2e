package dev.tether.configfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static CommandLine parse(String... args) {
        return CommandLine.parse(args, Set.of("--config"), 0);
    }

    @Test
    void configFileIsTheOptionBeforeTheEnvironment() {
        Map<String, String> env = Map.of("TETHER_CONFIG", "env.yaml");
        assertThat(parse("--config", "cli.yaml").configFile(env::get)).contains(Path.of("cli.yaml"));
        assertThat(parse().configFile(env::get)).contains(Path.of("env.yaml"));
    }

    @Test
    void aBlankOrMissingVariableNamesNoConfigFile() {
        assertThat(parse().configFile(Map.of("TETHER_CONFIG", " ")::get)).isEmpty();
        assertThat(parse().configFile(name -> null)).isEmpty();
    }
}
