package dev.tether.configfile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a YAML file once before Helidon does, to report a syntax error with its line and column (and a key
 * given twice, which YAML would otherwise resolve silently by keeping the last).
 */
final class YamlSyntax {

    private YamlSyntax() {}

    static void check(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            new Yaml(options).loadAll(reader).forEach(document -> {});
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file.toString(), "malformed YAML" + where(e) + ": " + problem(e), e);
        } catch (YAMLException e) {
            throw new ConfigException(file.toString(), "malformed YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private static String where(MarkedYAMLException e) {
        Mark mark = Optional.ofNullable(e.getProblemMark()).orElse(e.getContextMark());
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String problem(MarkedYAMLException e) {
        String problem = Optional.ofNullable(e.getProblem()).orElse("");
        String context = Optional.ofNullable(e.getContext()).orElse("");
        return (context.isEmpty() ? problem : context + ", " + problem).strip();
    }
}
