package dev.tether.engine.scripted;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.parse.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Answers from a script instead of a model: the first rule whose role and regex match the newest message
 * gives the chunks, passed to the parser as written but for {@code ${name}}, which is what the rule's named group
 * {@code (?<name>…)} matched in that message. For tests, demos and client developers.
 * Args: {@code script} (a YAML file, or {@code classpath:NAME}) or the script's keys inline. A script's
 * {@code context_chars} gives the model a context (see {@link ScriptedContext}).
 */
public final class ScriptedProvider implements TextModelProvider {

    static final String PROVIDER = "scripted";

    record Rule(Role on, Pattern match, List<String> chunks) {}

    private final List<String> models;
    private final long chunkDelayMs;
    private final List<Rule> rules;
    private final ToolFormat format;
    private final ScriptedContext context;

    public ScriptedProvider(Config args) {
        Config script = load(args);
        this.models = script.get("models").asList(String.class).orElse(List.of(PROVIDER));
        this.chunkDelayMs = script.get("chunk_delay_ms").asLong().orElse(0L);
        this.rules = rules(script.get("rules"));
        this.format = ToolFormats.byName(script.get("tool_format").asString().orElse("seed"));
        this.context = new ScriptedContext(script.get("context_chars").asInt().orElse(0));
        if (models.isEmpty()) {
            throw new ConfigException("providers.model.args.models", "must name at least one model");
        }
    }

    private static Config load(Config args) {
        var file = args.get("script").asString();
        if (file.isEmpty()) {
            return args;
        }
        String location = file.get();
        if (location.startsWith("classpath:")) {
            return Config.just(ConfigSources.classpath(location.substring("classpath:".length())));
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("providers.model.args.script", "file not found: " + path);
        }
        try {
            Config config = Config.just(ConfigSources.file(path).build());
            config.traverse().forEach(n -> {});
            return config;
        } catch (io.helidon.config.ConfigException e) {
            throw new ConfigException("providers.model.args.script", "malformed script " + path, e);
        }
    }

    private static List<Rule> rules(Config node) {
        List<Rule> rules = new ArrayList<>();
        List<Config> items = node.asNodeList().orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            Config item = items.get(i);
            String key = "rules[" + i + "]";
            Role on;
            try {
                // YAML 1.1 reads an unquoted `on` key as the boolean true, so the key may arrive as "true"
                Config onNode = item.get("on").exists() ? item.get("on") : item.get("true");
                on = Role.fromWire(onNode.asString().orElse("user"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ".on", "must be user or tool");
            }
            Pattern match;
            try {
                match = Pattern.compile(item.get("match").asString().orElse(".*"));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(key + ".match", "invalid regex: " + e.getDescription());
            }
            List<String> chunks = item.get("chunks")
                    .asList(String.class)
                    .orElseThrow(() -> new ConfigException(key + ".chunks", "must be a list of strings"));
            rules.add(new Rule(on, match, chunks));
        }
        return List.copyOf(rules);
    }

    @Override
    public List<ModelInfo> models() {
        return models.stream()
                .map(m -> new ModelInfo(m, PROVIDER, true, java.util.Map.of("rules", rules.size())))
                .toList();
    }

    @Override
    public ToolFormat toolFormat(String model) {
        return format;
    }

    @Override
    public GenerationResult generateText(GenerationRequest request, Consumer<String> chunks) {
        long start = System.nanoTime();
        ScriptedContext.Fitted fitted = context.fit(request.messages(), request.trimToFit());
        Message newest = request.messages().getLast();
        Rule rule = rules.stream()
                .filter(r -> r.on() == newest.role()
                        && r.match().matcher(newest.content()).find())
                .findFirst()
                .orElseThrow(() -> new EngineException(
                        ErrorCode.NO_SCRIPT_RULE,
                        "the script has no rule for this " + newest.role().wireName() + " message"));
        Matcher matched = rule.match().matcher(newest.content());
        matched.find();
        CountDownLatch cancelled = new CountDownLatch(1);
        request.cancel().onCancel(cancelled::countDown);
        int limit = request.options().maxTokens() == null
                ? Integer.MAX_VALUE
                : request.options().maxTokens();
        int sent = 0;
        FinishReason reason = FinishReason.STOP;
        for (String chunk : rule.chunks()) {
            if (sent == limit) {
                reason = FinishReason.LENGTH;
                break;
            }
            if (pause(cancelled)) {
                reason = FinishReason.CANCELLED;
                break;
            }
            chunks.accept(filledIn(chunk, matched));
            sent++;
        }
        int promptTokens = fitted.messages().stream()
                .mapToInt(m -> m.content().length() / 4 + 1)
                .sum();
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new GenerationResult(reason, new Usage(promptTokens, sent, 0, ms), fitted.notices());
    }

    /**
     * The chunk with each {@code ${name}} of the rule's named groups replaced by what the group matched in the
     * message (empty when it matched nothing), so a script can answer from a tool's result.
     */
    static String filledIn(String chunk, Matcher matched) {
        String out = chunk;
        for (String group : matched.namedGroups().keySet()) {
            String value = matched.group(group);
            out = out.replace("${" + group + "}", value == null ? "" : value);
        }
        return out;
    }

    /** Waits the chunk delay; true if the request was cancelled (checked even without a delay). */
    private boolean pause(CountDownLatch cancelled) {
        try {
            return chunkDelayMs > 0 ? cancelled.await(chunkDelayMs, TimeUnit.MILLISECONDS) : cancelled.getCount() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
